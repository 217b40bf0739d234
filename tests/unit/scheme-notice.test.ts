// The operator notice while the static InboxKit scheme is configured (issue 10 item 1c): it says
// what the scheme cannot protect and how to switch, and disappears under hmac-sha256.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SchemeNotice } from "@/components/operator/scheme-notice";

describe("SchemeNotice", () => {
  it("under api-key-sha256 says a captured header signs any body, and how to switch", () => {
    const html = renderToStaticMarkup(createElement(SchemeNotice, { scheme: "api-key-sha256" }));
    expect(html).toContain('data-testid="scheme-notice"');
    expect(html).toMatch(/captures one delivery&#x27;s header can sign any body/);
    expect(html).toContain("INBOXKIT_SIGNATURE_SCHEME=hmac-sha256");
  });

  it("is absent under hmac-sha256", () => {
    expect(renderToStaticMarkup(createElement(SchemeNotice, { scheme: "hmac-sha256" }))).toBe("");
  });
});
