const m = await import('../dist/plan/load.js');
const v8 = await import('node:v8');
const before = v8.getHeapStatistics();
const t0 = performance.now();
const r = await m.loadPlan('/work/main/.bench-cache/n1000000/kpi.yaml');
const t1 = performance.now();
const after = v8.getHeapStatistics();
console.log('plan', (t1 - t0).toFixed(1), 'heap used delta MB', ((after.used_heap_size - before.used_heap_size) / 1e6).toFixed(1), 'total', (after.total_heap_size/1e6).toFixed(1));
