// kill -9 under signed load: workers post the bench workload (signed InboxKit deliveries, 10 %
// duplicates, 10 % out of order) while the server is killed with SIGKILL and restarted `cycles`
// times. Like the vendor, a delivery without a 2xx is sent again until it gets one. Afterwards every
// delivery answered 2xx must be stored exactly once (Ledger).
import type { Provider } from "@/lib/db/provider";
import { freshDatabase } from "../helpers/db";
import { buildWorkload, type Delivery } from "../bench/workload";
import { send, sleep, summary } from "./http";
import { Ledger } from "./ledger";
import { chaosServer, freePort } from "./servers";

const PATH = "/api/webhooks/inboxkit";
const WORKERS = 8;

export type KillResult = {
  name: string;
  ok: boolean;
  kills: number;
  requests: number;
  answered2xx: number;
  noAnswer: number;
  restartMs: { p50: number; p99: number; max: number };
  check: string;
};

export async function killUnderLoad(provider: Provider, cycles: number, seed: number): Promise<KillResult> {
  const t = await freshDatabase(provider);
  const port = await freePort();
  const ledger = new Ledger();
  const fresh = buildWorkload(40_000, seed).requests;
  const retry: Delivery[] = [];
  let requests = 0;
  let answered2xx = 0;
  let noAnswer = 0;
  let chaos = true;
  let server = await chaosServer(t.url, port);
  const restarts: number[] = [];
  try {
    const worker = async () => {
      for (;;) {
        const delivery = retry.shift() ?? (chaos ? fresh.shift() : undefined);
        if (!delivery) return;
        const answer = await send(`http://127.0.0.1:${port}${PATH}`, {
          headers: delivery.headers,
          body: delivery.body,
        });
        requests += 1;
        ledger.record(delivery.key, answer);
        if (answer.status >= 200 && answer.status < 300) answered2xx += 1;
        else {
          if (answer.status === 0) noAnswer += 1;
          retry.push(delivery);
          await sleep(answer.status === 0 ? 200 : 10);
        }
      }
    };
    const killer = async () => {
      for (let c = 0; c < cycles; c++) {
        // Under load: wait until this instance has stored some deliveries, then kill at a random moment.
        const target = answered2xx + 40;
        for (let waited = 0; answered2xx < target && waited < 20_000; waited += 50) await sleep(50);
        await sleep(Math.random() * 1000);
        await server.kill();
        const started = performance.now();
        server = await chaosServer(t.url, port);
        restarts.push(performance.now() - started);
      }
      await sleep(500);
      chaos = false; // workers now only finish the deliveries still waiting for a 2xx
    };
    await Promise.all([killer(), ...Array.from({ length: WORKERS }, worker)]);
    const check = await ledger.check(t.url);
    return {
      name: `kill -9 ×${cycles} on ${provider}`,
      ok: check.ok && retry.length === 0,
      kills: cycles,
      requests,
      answered2xx,
      noAnswer,
      restartMs: summary(restarts),
      check: check.detail,
    };
  } finally {
    await server.stop();
    await t.drop();
  }
}
