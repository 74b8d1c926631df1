// The connections the scheduler should work on this tick (lib/jobs calls these; the repo stays private).
export { findDueForHealthCheck, findDueForRefresh } from "@/lib/connections/repo";
