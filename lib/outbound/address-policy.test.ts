import { afterEach, describe, expect, it } from "vitest";
import {
  classifyAddress,
  getOutboundPolicy,
  hostMatches,
  isAddressAllowed,
  isHostAllowed,
  parseIPv6,
  setOutboundPolicyForTests,
} from "./address-policy";

// [address, verdict, range]
const TABLE: [string, "public" | "private" | "forbidden", string?][] = [
  // IPv4 public
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["93.184.216.34", "public"],
  ["100.63.255.255", "public"], // just below CGNAT
  ["100.128.0.0", "public"], // just above CGNAT
  ["172.15.255.255", "public"],
  ["172.32.0.0", "public"],
  ["192.169.0.1", "public"],
  ["223.255.255.255", "public"],
  // IPv4 private / special
  ["0.0.0.0", "private", "unspecified"],
  ["0.1.2.3", "private", "unspecified"],
  ["10.0.0.1", "private", "private"],
  ["10.255.255.255", "private", "private"],
  ["100.64.0.1", "private", "carrier-grade NAT"],
  ["100.127.255.254", "private", "carrier-grade NAT"],
  ["127.0.0.1", "private", "loopback"],
  ["127.255.255.254", "private", "loopback"],
  ["172.16.0.1", "private", "private"],
  ["172.31.255.255", "private", "private"],
  ["192.168.1.1", "private", "private"],
  ["192.0.0.170", "private", "reserved"],
  ["192.0.2.1", "private", "documentation"],
  ["192.88.99.1", "private", "reserved"],
  ["198.18.0.1", "private", "benchmarking"],
  ["198.19.255.255", "private", "benchmarking"],
  ["198.51.100.7", "private", "documentation"],
  ["203.0.113.9", "private", "documentation"],
  ["240.0.0.1", "private", "reserved"],
  // Always refused, even with allowPrivate
  ["169.254.169.254", "forbidden", "link-local"], // cloud metadata
  ["169.254.0.1", "forbidden", "link-local"],
  ["224.0.0.1", "forbidden", "multicast"],
  ["239.255.255.250", "forbidden", "multicast"],
  ["255.255.255.255", "forbidden", "broadcast"],
  // IPv6 public
  ["2606:4700:4700::1111", "public"],
  ["2001:4860:4860::8888", "public"],
  ["2a00:1450:4001:82a::200e", "public"],
  // IPv6 special
  ["::", "private", "unspecified"],
  ["::1", "private", "loopback"],
  ["0:0:0:0:0:0:0:1", "private", "loopback"],
  ["::7f00:1", "private", "reserved"], // deprecated IPv4-compatible
  ["fc00::1", "private", "unique-local"],
  ["fd12:3456:789a::1", "private", "unique-local"],
  ["fec0::1", "private", "private"],
  ["2001:db8::1", "private", "documentation"],
  ["3fff::1", "private", "documentation"],
  ["2001::1", "private", "reserved"], // Teredo
  ["100::1", "private", "reserved"], // discard-only, outside 2000::/3
  ["5f00::1", "private", "reserved"], // SRv6, outside 2000::/3
  ["64:ff9b:1::a00:1", "private", "private"], // local-use NAT64
  ["fe80::1", "forbidden", "link-local"],
  ["fe80::1%eth0", "forbidden", "link-local"],
  ["febf::1", "forbidden", "link-local"],
  ["ff02::1", "forbidden", "multicast"],
  ["fd00:ec2::254", "forbidden", "link-local"], // AWS metadata over IPv6
  // IPv4-mapped IPv6: judged by the embedded IPv4
  ["::ffff:127.0.0.1", "private", "loopback"],
  ["::ffff:7f00:1", "private", "loopback"],
  ["0:0:0:0:0:ffff:10.0.0.1", "private", "private"],
  ["::ffff:169.254.169.254", "forbidden", "link-local"],
  ["::ffff:8.8.8.8", "public"],
  // NAT64 well-known prefix: judged by the embedded IPv4
  ["64:ff9b::127.0.0.1", "private", "loopback"],
  ["64:ff9b::a00:1", "private", "private"],
  ["64:ff9b::a9fe:a9fe", "forbidden", "link-local"],
  ["64:ff9b::808:808", "public"],
  // 6to4: judged by the embedded IPv4
  ["2002:7f00:1::1", "private", "loopback"],
  ["2002:a9fe:a9fe::", "forbidden", "link-local"],
  ["2002:808:808::1", "public"],
  // Not an address at all
  ["", "forbidden", "invalid address"],
  ["localhost", "forbidden", "invalid address"],
  ["127.1", "forbidden", "invalid address"],
  ["0x7f.0.0.1", "forbidden", "invalid address"],
  ["1.2.3.256", "forbidden", "invalid address"],
  ["[::1]", "forbidden", "invalid address"],
];

describe("classifyAddress", () => {
  it.each(TABLE)("%s → %s %s", (address, verdict, range) => {
    const cls = classifyAddress(address);
    expect(cls.verdict).toBe(verdict);
    if (cls.verdict !== "public") expect(cls.range).toBe(range);
  });

  it("applies allowPrivate to private ranges but never to forbidden ones", () => {
    expect(isAddressAllowed("127.0.0.1", { allowPrivate: false })).toBe(false);
    expect(isAddressAllowed("127.0.0.1", { allowPrivate: true })).toBe(true);
    expect(isAddressAllowed("169.254.169.254", { allowPrivate: true })).toBe(false);
    expect(isAddressAllowed("8.8.8.8", { allowPrivate: false })).toBe(true);
  });
});

describe("parseIPv6", () => {
  it("expands every spelling to the same value", () => {
    const expected = parseIPv6("0:0:0:0:0:ffff:7f00:1");
    expect(expected).toBe(0xffff7f000001n);
    for (const spelling of ["::ffff:127.0.0.1", "::FFFF:7F00:1", "0::ffff:127.0.0.1", "::0:ffff:7f00:0001"]) {
      expect(parseIPv6(spelling)).toBe(expected);
    }
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6("1::")).toBe(1n << 112n);
    expect(parseIPv6("1:2:3:4:5:6:1.2.3.4")).toBe(0x00010002000300040005000601020304n);
  });

  it("rejects malformed input", () => {
    for (const bad of ["1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:2:3:4:5:6:7", "::ffff:1.2.3"]) {
      expect(parseIPv6(bad)).toBeUndefined();
    }
  });
});

describe("host allow-list", () => {
  it("matches exact hosts and wildcard subdomains", () => {
    expect(hostMatches("api.example.com", "api.example.com")).toBe(true);
    expect(hostMatches("API.Example.com.", "api.example.com")).toBe(true);
    expect(hostMatches("a.api.example.com", "api.example.com")).toBe(false);
    expect(hostMatches("demo.myshopify.com", "*.myshopify.com")).toBe(true);
    expect(hostMatches("a.b.myshopify.com", "*.myshopify.com")).toBe(true);
    expect(hostMatches("myshopify.com", "*.myshopify.com")).toBe(false);
    expect(hostMatches("evilmyshopify.com", "*.myshopify.com")).toBe(false);
    expect(hostMatches("myshopify.com.evil.com", "*.myshopify.com")).toBe(false);
  });

  it("allows everything without a list and only listed hosts with one", () => {
    expect(isHostAllowed("anything.test", undefined)).toBe(true);
    expect(isHostAllowed("slack.com", ["slack.com", "*.slack.com"])).toBe(true);
    expect(isHostAllowed("evil.com", ["slack.com", "*.slack.com"])).toBe(false);
    expect(isHostAllowed("evil.com", [])).toBe(false);
  });
});

describe("getOutboundPolicy", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    setOutboundPolicyForTests(undefined);
  });

  it("defaults to closed", () => {
    delete process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE;
    delete process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS;
    expect(getOutboundPolicy()).toEqual({ allowPrivate: false });
  });

  it("reads the environment and treats anything but 'true' as false", () => {
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
    process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS = " Slack.com, *.myshopify.com ,,";
    expect(getOutboundPolicy()).toEqual({ allowPrivate: true, allowHosts: ["slack.com", "*.myshopify.com"] });
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "yes";
    expect(getOutboundPolicy().allowPrivate).toBe(false);
  });

  it("is parsed once per change of the settings, and a change applies at the next call", () => {
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "false";
    process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS = "slack.com";
    const first = getOutboundPolicy();
    expect(getOutboundPolicy()).toBe(first); // the same settings: the same (frozen) policy, not a new parse
    expect(Object.isFrozen(first) && Object.isFrozen(first.allowHosts)).toBe(true);
    process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS = "slack.com,api.github.com";
    expect(getOutboundPolicy()).toEqual({ allowPrivate: false, allowHosts: ["slack.com", "api.github.com"] });
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
    expect(getOutboundPolicy().allowPrivate).toBe(true);
    delete process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS;
    expect(getOutboundPolicy()).toEqual({ allowPrivate: true });
  });

  it("can be overridden in tests", () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    expect(getOutboundPolicy()).toEqual({ allowPrivate: true });
  });
});
