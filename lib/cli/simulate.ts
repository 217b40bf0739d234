// `npm run simulate -- <scenario> [--url <the running dashboard: data/server.json>] [--workspace ws-demo]
//   [--scheme api-key-sha256|hmac-sha256] [--delay ms]` plays a scenario against a running server,
// signing each delivery exactly as the vendor does with the configured secret (environment, else
// .env.local). `npm run simulate -- list` lists the scenarios.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadLocalEnv } from "./local-env";
import { dashboardBase } from "./server-file";
import { describeAnswer } from "../simulator/answer";
import { catalog } from "../simulator/catalog";
import { toSteps, type ScenarioContext, type SimDelivery, type Vendor } from "../simulator/types";
import { INBOXKIT_SCHEMES, type InboxKitScheme } from "../webhooks/inboxkit/verify";
import { splitKeys } from "../crypto";

const USAGE = `usage: npm run simulate -- <scenario|list> [--url http://localhost:3000 (default: the running dashboard)] [--workspace ws-demo] [--scheme ${INBOXKIT_SCHEMES.join("|")}] [--delay ms]`;

const SECRET_ENV: Record<Vendor, string> = { inboxkit: "INBOXKIT_WEBHOOK_SECRETS", inkbox: "INKBOX_SIGNING_KEYS" };

function secret(vendor: Vendor): string {
  const [first] = splitKeys(process.env[SECRET_ENV[vendor]]);
  if (!first)
    throw new Error(`${SECRET_ENV[vendor]} is not set: run \`npm start\` once (it generates .env.local) or export it`);
  return first;
}

async function send(base: string, delivery: SimDelivery): Promise<{ status: number; ms: number; note: string }> {
  const started = performance.now();
  const response = await fetch(new URL(delivery.path, base), {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(10_000),
  });
  const note = describeAnswer(await response.text());
  return { status: response.status, ms: Math.round(performance.now() - started), note };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  loadLocalEnv();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: "string" },
      workspace: { type: "string", default: "ws-demo" },
      scheme: { type: "string", default: process.env.INBOXKIT_SIGNATURE_SCHEME ?? "api-key-sha256" },
      delay: { type: "string", default: "400" },
      help: { type: "boolean", short: "h" },
    },
  });
  const url = dashboardBase(values.url ?? process.env.SIMULATE_URL);
  const scenarios = catalog();
  const name = positionals[0];
  if (values.help || !name || name === "list") {
    if (!name && !values.help) console.error(USAGE);
    console.log("Scenarios:");
    for (const s of scenarios) console.log(`  ${s.name.padEnd(22)} ${s.description}`);
    return name || values.help ? 0 : 2;
  }
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    console.error(`Unknown scenario "${name}". Known: ${scenarios.map((s) => s.name).join(", ")}`);
    return 2;
  }
  if (!(INBOXKIT_SCHEMES as readonly string[]).includes(values.scheme)) {
    console.error(`--scheme must be one of ${INBOXKIT_SCHEMES.join(", ")}`);
    return 2;
  }
  const delay = Number(values.delay);
  if (!Number.isFinite(delay) || delay < 0) {
    console.error("--delay must be a number of milliseconds ≥ 0");
    return 2;
  }

  const ctx: ScenarioContext = {
    workspaceId: values.workspace,
    now: new Date(),
    runId: randomBytes(3).toString("hex"),
    secret,
    scheme: values.scheme as InboxKitScheme,
    delay,
  };
  const steps = toSteps(scenario.deliveries(ctx));
  console.log(
    `Playing ${scenario.name} (${steps.length} deliveries) against ${url}, workspace ${ctx.workspaceId}, scheme ${ctx.scheme}\n`,
  );
  const codes = new Map<number, number>();
  for (const [i, step] of steps.entries()) {
    if (i > 0) await sleep(step.delay ?? delay);
    let result;
    try {
      result = await send(url, step.delivery);
    } catch (error) {
      console.error(
        `\nCould not reach ${url} (${(error as Error).message}). Is the dashboard running? Start it with \`npm start\`.`,
      );
      return 1;
    }
    codes.set(result.status, (codes.get(result.status) ?? 0) + 1);
    console.log(
      `${String(i + 1).padStart(3)}. ${result.status}  ${step.delivery.label}${result.note ? `  [${result.note}]` : ""}  ${result.ms} ms`,
    );
    if (result.status === 401) {
      console.error(
        `\nStopped: ${url} refuses the signature. If that is your dashboard, check ${SECRET_ENV[step.delivery.vendor]} here against the server's, and --scheme against its INBOXKIT_SIGNATURE_SCHEME; if not, pass --url.`,
      );
      return 1;
    }
  }
  const summary = [...codes.entries()]
    .sort(([a], [b]) => a - b)
    .map(([code, n]) => `${n}× ${code}`)
    .join(", ");
  console.log(`\nDone: ${summary}. Customer link: npm run link -- ${ctx.workspaceId}`);
  return [...codes.keys()].every((code) => code >= 200 && code < 300) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`simulate failed: ${error.message}`);
    process.exit(1);
  },
);
