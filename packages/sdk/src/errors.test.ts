import { describe, expect, it } from "vitest";
import { errorFromBody, errorFromResponse, networkError, PatchbayError } from "./errors";

describe("PatchbayError from the API's answers", () => {
  it("reads code, message, details, status and x-request-id from the error shape", async () => {
    const res = Response.json(
      {
        error: {
          code: "validation_failed",
          message: "Invalid body",
          details: { fields: { label: "too long" } },
        },
      },
      { status: 422, headers: { "x-request-id": "req_abc", "retry-after": "7" } },
    );
    const err = await errorFromResponse(res);
    expect(err).toBeInstanceOf(PatchbayError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: "PatchbayError",
      code: "validation_failed",
      message: "Invalid body",
      status: 422,
      requestId: "req_abc",
      details: { fields: { label: "too long" } },
      proxyError: null,
    });
    expect(err.retryAfter).toBe(7);
  });

  it("keeps the proxy's Patchbay-Error header (which side failed)", () => {
    const err = errorFromBody(
      409,
      new Headers({ "patchbay-error": "connection_unusable", "x-request-id": "r1" }),
      { error: { code: "conflict", message: "The connection needs the user again." } },
    );
    expect(err).toMatchObject({ code: "conflict", status: 409, proxyError: "connection_unusable" });
    expect(err.retryAfter).toBeNull();
  });

  it("an answer that is not the error shape is unexpected_response, with the status and an excerpt", async () => {
    const err = await errorFromResponse(new Response("<html>Bad gateway</html>", { status: 502 }));
    expect(err).toMatchObject({ code: "unexpected_response", status: 502, requestId: null });
    expect(err.message).toContain("Bad gateway");
    expect(errorFromBody(500, new Headers(), { error: "nope" }).code).toBe("unexpected_response");
    expect(errorFromBody(404, new Headers(), undefined).code).toBe("unexpected_response");
  });

  it("network failures become network_error; aborts stay aborts", () => {
    const e = networkError(new TypeError("fetch failed"));
    expect(e).toMatchObject({ code: "network_error", status: 0 });
    expect((e as PatchbayError).cause).toBeInstanceOf(TypeError);
    const controller = new AbortController();
    controller.abort();
    expect(networkError(new Error("x"), controller.signal)).toBe(controller.signal.reason);
    const abort = new DOMException("stop", "AbortError");
    expect(networkError(abort)).toBe(abort);
  });
});
