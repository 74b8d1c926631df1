// Shopify tools, on the REST Admin API (the version pinned in the catalog's API base). Lists page with the Link
// header's page_info cursor (pagination.ts), at most 250 a page; the proxy throttles on the
// X-Shopify-Shop-Api-Call-Limit bucket and retries 429s after Retry-After.
import { z } from "zod";
import { defineTool, type TToolContext } from "../define-tool";
import { fromCents, toCents } from "../money";

const PAGE = 250;

const ZMaxResults = z.coerce
  .number()
  .int()
  .min(1)
  .max(10_000)
  .default(1_000)
  .describe("Read at most this many records (pages of 250 are read until then).");

const ZIsoDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    "an ISO 8601 date or date-time",
  )
  .describe("ISO 8601 date (2025-01-31) or date-time with offset");

// --- Wire formats (only the fields read) -------------------------------------------------------------------

const ZMoney = z.union([z.string(), z.number()]).nullable().optional();

const ZShopifyVariant = z.object({
  id: z.number(),
  title: z.string().nullable().optional(),
  sku: z.string().nullable().optional(),
  price: ZMoney,
  inventory_quantity: z.number().nullable().optional(),
});
const ZShopifyProduct = z.object({
  id: z.number(),
  title: z.string(),
  status: z.string().nullable().optional(),
  vendor: z.string().nullable().optional(),
  product_type: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
  variants: z.array(ZShopifyVariant).default([]),
});

const ZShopifyTransaction = z.object({
  kind: z.string(),
  status: z.string().nullable().optional(),
  amount: ZMoney,
});
const ZShopifyRefund = z.object({
  id: z.number(),
  created_at: z.string().nullable().optional(),
  transactions: z.array(ZShopifyTransaction).default([]),
});
const ZShopifyOrder = z.object({
  id: z.number(),
  name: z.string(),
  created_at: z.string(),
  cancelled_at: z.string().nullable().optional(),
  currency: z.string(),
  total_price: ZMoney,
  subtotal_price: ZMoney,
  total_tax: ZMoney,
  financial_status: z.string().nullable().optional(),
  fulfillment_status: z.string().nullable().optional(),
  test: z.boolean().optional(),
  email: z.string().nullable().optional(),
  customer: z.object({ id: z.number() }).nullable().optional(),
  line_items: z.array(z.object({ quantity: z.number() })).default([]),
  refunds: z.array(ZShopifyRefund).default([]),
});
type TShopifyOrder = z.infer<typeof ZShopifyOrder>;

const ZShopifyCustomer = z.object({
  id: z.number(),
  email: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
  orders_count: z.number().nullable().optional(),
  total_spent: ZMoney,
  currency: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
});

const ZShop = z.object({
  shop: z.object({ currency: z.string(), iana_timezone: z.string().nullable().optional() }),
});

const listOf =
  <T extends z.ZodType>(key: string, item: T) =>
  (body: unknown): z.output<T>[] =>
    z.object({ [key]: z.array(item) }).parse(body)[key] as z.output<T>[];

// --- Output shapes -----------------------------------------------------------------------------------------

const ZPartialNote = z
  .object({ partial: z.boolean(), pages: z.number().int() })
  .describe("partial: true when the page cap or time budget stopped reading; the list is then a prefix");

const ZProduct = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string().nullable(),
  vendor: z.string().nullable(),
  product_type: z.string().nullable(),
  variants: z.number().int(),
  inventory: z.number().int(),
  min_price: z.number().nullable(),
  max_price: z.number().nullable(),
  updated_at: z.string().nullable(),
});

const ZOrder = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  currency: z.string(),
  total_price: z.number(),
  refunded: z.number(),
  financial_status: z.string().nullable(),
  fulfillment_status: z.string().nullable(),
  cancelled: z.boolean(),
  items: z.number().int(),
  customer_id: z.string().nullable(),
});

const ZCustomer = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string(),
  state: z.string().nullable(),
  orders_count: z.number().nullable(),
  total_spent: z.number().nullable(),
  created_at: z.string().nullable(),
});

function refundedCents(o: TShopifyOrder): number {
  let cents = 0;
  for (const r of o.refunds)
    for (const t of r.transactions)
      if (t.kind === "refund" && (t.status ?? "success") === "success") cents += toCents(t.amount ?? 0);
  return cents;
}

const toOrder = (o: TShopifyOrder): z.input<typeof ZOrder> => ({
  id: String(o.id),
  name: o.name,
  created_at: o.created_at,
  currency: o.currency,
  total_price: fromCents(toCents(o.total_price)),
  refunded: fromCents(refundedCents(o)),
  financial_status: o.financial_status ?? null,
  fulfillment_status: o.fulfillment_status ?? null,
  cancelled: Boolean(o.cancelled_at),
  items: o.line_items.reduce((n, li) => n + li.quantity, 0),
  customer_id: o.customer ? String(o.customer.id) : null,
});

const ORDER_FIELDS =
  "id,name,created_at,cancelled_at,currency,total_price,subtotal_price,total_tax,financial_status,fulfillment_status,test,email,customer,line_items,refunds";

function readOrders(
  tctx: TToolContext,
  q: { since?: string; until?: string; status: string; financial_status?: string; max: number },
) {
  return tctx.paginate({
    path: "/orders.json",
    query: {
      limit: PAGE,
      status: q.status,
      created_at_min: q.since,
      created_at_max: q.until,
      financial_status: q.financial_status,
      fields: ORDER_FIELDS,
    },
    items: listOf("orders", ZShopifyOrder),
    maxItems: q.max,
    maxPages: Math.ceil(q.max / PAGE),
  });
}

// --- Tools -------------------------------------------------------------------------------------------------

export const shopifyListProducts = defineTool({
  name: "shopify.list_products",
  title: "List products",
  description:
    "Products of the Shopify store with their variant count, total inventory (sum of the variants' inventory_quantity) and price range. Filter by status (active, draft, archived). Use it to answer what the store sells and what is out of stock.",
  providers: ["shopify"],
  requiredScopes: ["read_products"],
  access: "read",
  input: z.object({
    status: z.enum(["active", "draft", "archived"]).optional().describe("Only products in this status"),
    max_results: ZMaxResults,
  }),
  output: z.object({ products: z.array(ZProduct), count: z.number().int() }).extend(ZPartialNote.shape),
  run: async (tctx, input) => {
    const page = await tctx.paginate({
      path: "/products.json",
      query: { limit: PAGE, status: input.status },
      items: listOf("products", ZShopifyProduct),
      maxItems: input.max_results,
      maxPages: Math.ceil(input.max_results / PAGE),
    });
    const products = page.items.slice(0, input.max_results).map((p) => {
      const prices = p.variants.map((v) => toCents(v.price)).filter((c) => Number.isFinite(c));
      return {
        id: String(p.id),
        title: p.title,
        status: p.status ?? null,
        vendor: p.vendor ?? null,
        product_type: p.product_type ?? null,
        variants: p.variants.length,
        inventory: p.variants.reduce((n, v) => n + (v.inventory_quantity ?? 0), 0),
        min_price: prices.length ? fromCents(Math.min(...prices)) : null,
        max_price: prices.length ? fromCents(Math.max(...prices)) : null,
        updated_at: p.updated_at ?? null,
      };
    });
    return { products, count: products.length, partial: page.partial, pages: page.pages };
  },
});

export const shopifyListOrders = defineTool({
  name: "shopify.list_orders",
  title: "List orders",
  description:
    "Orders of the Shopify store placed between `since` and `until` (created_at, inclusive), newest first, with total price in the shop currency, amount refunded (successful refund transactions), financial and fulfilment status. `status` is Shopify's order status: open, closed, cancelled or any (default). Without the read_all_orders scope Shopify returns only the last 60 days.",
  providers: ["shopify"],
  requiredScopes: ["read_orders"],
  access: "read",
  input: z.object({
    since: ZIsoDate.optional(),
    until: ZIsoDate.optional(),
    status: z.enum(["open", "closed", "cancelled", "any"]).default("any"),
    financial_status: z
      .enum([
        "authorized",
        "pending",
        "paid",
        "partially_paid",
        "refunded",
        "voided",
        "partially_refunded",
        "unpaid",
        "any",
      ])
      .optional(),
    max_results: ZMaxResults,
  }),
  output: z.object({ orders: z.array(ZOrder), count: z.number().int() }).extend(ZPartialNote.shape),
  run: async (tctx, input) => {
    const page = await readOrders(tctx, { ...input, max: input.max_results });
    const orders = page.items.slice(0, input.max_results).map(toOrder);
    return { orders, count: orders.length, partial: page.partial, pages: page.pages };
  },
});

export const shopifyListCustomers = defineTool({
  name: "shopify.list_customers",
  title: "List customers",
  description:
    "Customers of the Shopify store (optionally only those created since a date) with e-mail, name, account state, number of orders and total spent in the shop currency, as Shopify reports them.",
  providers: ["shopify"],
  requiredScopes: ["read_customers"],
  access: "read",
  input: z.object({ since: ZIsoDate.optional(), max_results: ZMaxResults }),
  output: z.object({ customers: z.array(ZCustomer), count: z.number().int() }).extend(ZPartialNote.shape),
  run: async (tctx, input) => {
    const page = await tctx.paginate({
      path: "/customers.json",
      query: { limit: PAGE, created_at_min: input.since },
      items: listOf("customers", ZShopifyCustomer),
      maxItems: input.max_results,
      maxPages: Math.ceil(input.max_results / PAGE),
    });
    const customers = page.items.slice(0, input.max_results).map((c) => ({
      id: String(c.id),
      email: c.email ?? null,
      name: [c.first_name, c.last_name].filter(Boolean).join(" "),
      state: c.state ?? null,
      orders_count: c.orders_count ?? null,
      total_spent:
        c.total_spent === undefined || c.total_spent === null ? null : fromCents(toCents(c.total_spent)),
      created_at: c.created_at ?? null,
    }));
    return { customers, count: customers.length, partial: page.partial, pages: page.pages };
  },
});

export const shopifyRevenue = defineTool({
  name: "shopify.revenue",
  title: "Revenue over a period",
  description:
    "Net revenue of the Shopify store over a period, in the shop currency, with a daily series. Definitions: orders = orders placed (created_at) in [since, until], excluding cancelled and test orders; gross = sum of their total_price (after discounts, including shipping and taxes, in the shop currency); refunds = sum of the successful refund transactions on those orders; net = gross − refunds; average order value = gross / orders. Days are the shop's local dates. Default period: the last 30 days.",
  providers: ["shopify"],
  requiredScopes: ["read_orders"],
  access: "read",
  input: z.object({
    since: ZIsoDate.optional().describe("Start of the period (default: 30 days ago)"),
    until: ZIsoDate.optional().describe("End of the period (default: now)"),
  }),
  output: z.object({
    currency: z.string(),
    since: z.string(),
    until: z.string(),
    orders: z.number().int(),
    gross: z.number(),
    refunds: z.number(),
    net: z.number(),
    average_order_value: z.number().nullable(),
    series: z.array(
      z.object({
        date: z.string(),
        orders: z.number().int(),
        gross: z.number(),
        refunds: z.number(),
        net: z.number(),
      }),
    ),
    partial: z.boolean(),
  }),
  run: async (tctx, input) => {
    const now = tctx.now();
    const until = input.until ?? now.toISOString();
    const since = input.since ?? new Date(now.getTime() - 30 * 86_400_000).toISOString();
    const shop = ZShop.parse(await tctx.json({ path: "/shop.json" })).shop;
    const page = await readOrders(tctx, { since, until, status: "any", max: 10_000 });
    const days = new Map<string, { orders: number; gross: number; refunds: number }>();
    let gross = 0;
    let refunds = 0;
    let count = 0;
    for (const o of page.items) {
      if (o.cancelled_at || o.test) continue;
      const g = toCents(o.total_price);
      const r = refundedCents(o);
      count++;
      gross += g;
      refunds += r;
      const date = o.created_at.slice(0, 10); // Shopify's created_at carries the shop's offset: its local date
      const d = days.get(date) ?? { orders: 0, gross: 0, refunds: 0 };
      d.orders++;
      d.gross += g;
      d.refunds += r;
      days.set(date, d);
    }
    return {
      currency: shop.currency,
      since,
      until,
      orders: count,
      gross: fromCents(gross),
      refunds: fromCents(refunds),
      net: fromCents(gross - refunds),
      average_order_value: count ? fromCents(gross / count) : null,
      series: [...days.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, d]) => ({
          date,
          orders: d.orders,
          gross: fromCents(d.gross),
          refunds: fromCents(d.refunds),
          net: fromCents(d.gross - d.refunds),
        })),
      partial: page.partial,
    };
  },
});

export const shopifyTools = [shopifyListProducts, shopifyListOrders, shopifyListCustomers, shopifyRevenue];
