import { describe, expect, it } from "vitest";
import { linkNext, nextPage, PROVIDER_PAGINATION, type TPageRequest } from "./pagination";

const req: TPageRequest = { path: "/things", query: { limit: "2", status: "any" } };
const page = (body: unknown, items: unknown[] = [], headers: Record<string, string> = {}) => ({
  headers: new Headers(headers),
  body,
  items,
});

describe("linkNext", () => {
  it("finds rel=next among several links, quoted or not, with extra relation types", () => {
    const shopify =
      '<https://shop.myshopify.com/admin/api/2025-07/orders.json?limit=2&page_info=abc>; rel="previous", <https://shop.myshopify.com/admin/api/2025-07/orders.json?limit=2&page_info=def>; rel="next"';
    expect(linkNext(shopify)).toBe(
      "https://shop.myshopify.com/admin/api/2025-07/orders.json?limit=2&page_info=def",
    );
    expect(
      linkNext('<https://api.github.com/x?page=2>; rel=next, <https://api.github.com/x?page=9>; rel="last"'),
    ).toBe("https://api.github.com/x?page=2");
    expect(linkNext('<https://a.example/p?x=1,2>; rel="prefetch next"')).toBe("https://a.example/p?x=1,2");
  });
  it("is null without a next link", () => {
    expect(linkNext(null)).toBeNull();
    expect(linkNext('<https://a.example/1>; rel="previous"')).toBeNull();
    expect(linkNext("garbage")).toBeNull();
  });
});

describe("nextPage per strategy", () => {
  it("link_header follows the URL as it is (Shopify drops filters once page_info is used)", () => {
    const next = nextPage(
      { type: "link_header" },
      req,
      page({}, [1], { link: '<https://s/x?page_info=p2>; rel="next"' }),
    );
    expect(next).toEqual({ path: "https://s/x?page_info=p2", query: {} });
    expect(nextPage({ type: "link_header" }, req, page({}, [1]))).toBeNull();
  });

  it("starting_after takes the last item's id while has_more (Stripe)", () => {
    const s = PROVIDER_PAGINATION.stripe!;
    const items = [{ id: "sub_1" }, { id: "sub_2" }];
    expect(nextPage(s, req, page({ object: "list", has_more: true, data: items }, items))).toEqual({
      path: "/things",
      query: { limit: "2", status: "any", starting_after: "sub_2" },
    });
    expect(nextPage(s, req, page({ has_more: false, data: items }, items))).toBeNull();
    expect(nextPage(s, req, page({ has_more: true, data: [] }, []))).toBeNull(); // no id to continue from
  });

  it("next_url reads an absolute URL from the body (Meta paging.next, Klaviyo links.next)", () => {
    const meta = PROVIDER_PAGINATION["meta-ads"]!;
    expect(
      nextPage(
        meta,
        req,
        page({
          data: [],
          paging: { cursors: { after: "QVFI" }, next: "https://graph.facebook.com/v21.0/x?after=QVFI" },
        }),
      ),
    ).toEqual({ path: "https://graph.facebook.com/v21.0/x?after=QVFI", query: {} });
    expect(nextPage(meta, req, page({ data: [], paging: { cursors: { after: "QVFI" } } }))).toBeNull();
    const klaviyo = PROVIDER_PAGINATION.klaviyo!;
    expect(
      nextPage(
        klaviyo,
        req,
        page({ links: { next: "https://a.klaviyo.com/api/campaigns?page%5Bcursor%5D=bmV4dA" } }),
      )?.path,
    ).toBe("https://a.klaviyo.com/api/campaigns?page%5Bcursor%5D=bmV4dA");
    expect(nextPage(klaviyo, req, page({ links: { next: null } }))).toBeNull();
  });

  it("body_cursor sends the cursor back as a parameter (Slack, Zendesk with has_more, Google in the body)", () => {
    const slack = PROVIDER_PAGINATION.slack!;
    expect(
      nextPage(slack, req, page({ ok: true, response_metadata: { next_cursor: "dXNlcjpVMDYx" } }))?.query
        .cursor,
    ).toBe("dXNlcjpVMDYx");
    expect(nextPage(slack, req, page({ ok: true, response_metadata: { next_cursor: "" } }))).toBeNull();
    const zendesk = PROVIDER_PAGINATION.zendesk!;
    expect(
      nextPage(zendesk, req, page({ meta: { has_more: true, after_cursor: "xyz" } }))?.query["page[after]"],
    ).toBe("xyz");
    expect(nextPage(zendesk, req, page({ meta: { has_more: false, after_cursor: "xyz" } }))).toBeNull();
    const google = PROVIDER_PAGINATION["google-ads"]!;
    expect(nextPage(google, { ...req, body: { query: "q" } }, page({ nextPageToken: "tok" }))).toEqual({
      ...req,
      body: { query: "q", pageToken: "tok" },
    });
  });

  it("offset and page_number advance until a short page", () => {
    const offset = { type: "offset", param: "offset", pageSize: 2 } as const;
    expect(nextPage(offset, req, page({}, [1, 2]))?.query.offset).toBe("2");
    expect(nextPage(offset, { ...req, query: { offset: "2" } }, page({}, [1, 2]))?.query.offset).toBe("4");
    expect(nextPage(offset, req, page({}, [1]))).toBeNull();
    const ga = PROVIDER_PAGINATION["google-analytics"]!;
    expect(
      nextPage({ ...ga, pageSize: 2 } as typeof ga, { ...req, body: { offset: 2 } }, page({}, [1, 2]))?.body,
    ).toEqual({ offset: 4 });
    const pages = { type: "page_number", param: "page", pageSize: 2 } as const;
    expect(nextPage(pages, req, page({}, [1, 2]))?.query.page).toBe("2");
    expect(nextPage(pages, { ...req, query: { page: "2" } }, page({}, [1, 2]))?.query.page).toBe("3");
    expect(nextPage(pages, req, page({}, []))).toBeNull();
  });
});
