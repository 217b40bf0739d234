// The part of autocannon 8's API the benchmark uses (the package ships no types).
declare module "autocannon" {
  type Context = Record<string, unknown>;
  type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    setupRequest?: (request: Request, context: Context) => Request;
    onResponse?: (status: number, body: string, context: Context) => void;
  };
  type Options = {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    maxOverallRequests?: number;
    overallRate?: number;
    timeout?: number;
    requests?: Request[];
  };
  type Result = { requests: { average: number }; errors: number; timeouts: number; non2xx: number; duration: number };
  type Instance = Promise<Result> & {
    on(
      event: "response",
      listener: (client: unknown, status: number, bytes: number, responseTime: number) => void,
    ): Instance;
  };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
