// Real local receivers for notification tests, each on an ephemeral port:
//   - an HTTP receiver that verifies every request with the `standardwebhooks` library (the one a
//     customer of the generic webhook would use) and can be told to fail the next N attempts;
//   - a Slack-like receiver that records the JSON it is posted;
//   - an SMTP server (the `smtp-server` package) that requires a login and keeps every mail,
//     parsed with mailparser.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type ReceivedRequest = {
  headers: Record<string, string>;
  body: string;
  json: unknown;
  /** For the webhook receiver: whether `standardwebhooks` accepted the signature. */
  verified: boolean;
  verifyError: string | null;
};

export type HttpReceiver = {
  url: string;
  /** Every request that was answered 2xx, in arrival order. */
  received: ReceivedRequest[];
  /** Every request, including the refused ones. */
  attempts: ReceivedRequest[];
  /** The next `n` requests are answered 503. */
  failNext: (n: number) => void;
  close: () => Promise<void>;
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

async function httpReceiver(
  path: string,
  check: (r: Omit<ReceivedRequest, "verified" | "verifyError">) => string | null,
): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const attempts: ReceivedRequest[] = [];
  let failures = 0;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    const verifyError = check({ headers, body, json });
    const request: ReceivedRequest = { headers, body, json, verified: verifyError === null, verifyError };
    attempts.push(request);
    if (failures > 0) {
      failures -= 1;
      res.writeHead(503).end("down");
      return;
    }
    if (verifyError !== null) {
      res.writeHead(400).end(verifyError);
      return;
    }
    received.push(request);
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  const base = await listen(server);
  return {
    url: `${base}${path}`,
    received,
    attempts,
    failNext: (n) => {
      failures = n;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A receiver that accepts only requests `standardwebhooks` verifies with `secret`. */
export function startWebhookReceiver(secret: string): Promise<HttpReceiver> {
  const verifier = new Webhook(secret);
  return httpReceiver("/hooks/alerts", ({ headers, body }) => {
    try {
      verifier.verify(body, headers);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  });
}

/** A stand-in for a Slack incoming webhook: accepts JSON with a `text`. */
export function startSlackReceiver(): Promise<HttpReceiver> {
  return httpReceiver("/services/T000/B000/slacktokensecretvalue", ({ json }) =>
    json && typeof (json as { text?: unknown }).text === "string" ? null : "no text",
  );
}

export type SmtpReceiver = {
  url: string;
  port: number;
  mails: ParsedMail[];
  /** Raw messages as the server received them (to search for leaks byte for byte). */
  raw: string[];
  /** Passwords the server saw in AUTH (proves the credential was used). */
  logins: { username: string; password: string }[];
  close: () => Promise<void>;
};

/** An SMTP server that requires `user`/`password` (plain AUTH without TLS on loopback) and keeps every mail. */
export async function startSmtpServer(user: string, password: string): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const raw: string[] = [];
  const logins: SmtpReceiver["logins"] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? "", password: auth.password ?? "" });
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const source = Buffer.concat(chunks);
        raw.push(source.toString("utf8"));
        mails.push(await simpleParser(source));
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
  });
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    port,
    mails,
    raw,
    logins,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A fresh Standard Webhooks secret: whsec_ + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;
}
