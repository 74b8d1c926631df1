// Bus topics shared across features (a lower layer may drop a higher one's cache without importing it).

/** The proxy's 1 s cache of connection rows (lib/connections/row-cache.ts). */
export const CONNECTION_ROW_TOPIC = "connection_row";

/** As an id: every entry of the topic's cache (deletions by cascade, which name no single id). */
export const ALL_IDS = "*";
