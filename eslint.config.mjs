// ESLint flat config: Next.js core-web-vitals + TypeScript rules (both include React and React hooks).
// `npm run lint` runs it with --max-warnings 0, then `prettier --check`.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `const { secret: _secret, ...rest } = x` drops a key on purpose.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
    },
  },
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    "prisma/generated/**",
    "test-results/**",
    "playwright-report/**",
    "bench-results/**",
    "next-env.d.ts",
  ]),
]);
