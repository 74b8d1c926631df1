// The process's place in its life: serving, or draining after SIGTERM. Readiness (/api/ready) answers 503 as soon
// as draining starts, so a load balancer takes the instance out of rotation before its listener closes.
const g = globalThis as { __patchbayDraining?: boolean };

export function startDraining(): void {
  g.__patchbayDraining = true;
}

export function isDraining(): boolean {
  return g.__patchbayDraining === true;
}
