import { describe, expect, it } from "vitest";
import { parseStandardTokenResponse } from "@/lib/oauth/parse-standard-token-response";
import { TokenEndpointError } from "@/lib/oauth/types";

const parse = (token_type?: string) =>
  parseStandardTokenResponse(
    200,
    { access_token: "at", ...(token_type === undefined ? {} : { token_type }) },
    "P",
  );

describe("finding 10: token_type other than bearer is refused", () => {
  it.each(["Bearer", "bearer", "BEARER", undefined])("accepts %s", (type) => {
    expect(parse(type).accessToken).toBe("at");
  });

  it.each(["mac", "DPoP", "dpop", "N_A", "bearer2", ""])("refuses %j", (type) => {
    let caught: unknown;
    try {
      parse(type);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TokenEndpointError);
    expect((caught as TokenEndpointError).code).toBe("invalid_response");
  });
});
