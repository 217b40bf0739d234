// Generators for credential canaries (issue 10 item 13): keys that name a credential, spelt every way
// an attacker or a vendor might (case, separators, camelCase, invisible characters).
import fc from "fast-check";

const WORDS = ["password", "passwd", "secret", "token", "api key", "credential", "recovery"];
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"];
const SEPARATORS = ["_", "-", ".", " ", ""];

/** One spelling of a credential key: a word among others, any case, any separator, invisible characters anywhere. */
export const sensitiveKey = fc
  .record({
    word: fc.constantFrom(...WORDS),
    before: fc.constantFrom("", "smtp", "imap", "totp", "client", "access", "app", "x", "db"),
    after: fc.constantFrom("", "s", "codes", "hash", "value", "2"),
    sep: fc.constantFrom(...SEPARATORS),
    style: fc.constantFrom("lower", "upper", "camel", "title"),
    invisible: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { maxLength: 3 }),
  })
  .map(({ word, before, after, sep, style, invisible }) => {
    const parts = [before, ...word.split(" "), after].filter(Boolean);
    let key =
      style === "camel"
        ? parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join("")
        : parts.join(sep === "" && word.includes(" ") ? "_" : sep);
    if (style === "upper") key = key.toUpperCase();
    if (style === "title") key = key.replace(/(^|[_\-. ])(\w)/g, (_m, s: string, c: string) => s + c.toUpperCase());
    for (const [at, ch] of invisible) {
      const i = at % (key.length + 1);
      key = key.slice(0, i) + ch + key.slice(i);
    }
    return key;
  });
