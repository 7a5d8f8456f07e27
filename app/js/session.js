// One refresh of the access token at a time, across every tab of this origin: the Web Locks
// API where the browser has it (secure origins); within this tab otherwise, where the
// server's grace window for a retried refresh covers two tabs racing.
let chain = Promise.resolve();

export function exclusive(name, task) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request(name, () => task());
  const run = chain.then(() => task());
  chain = run.catch(() => {});
  return run;
}
