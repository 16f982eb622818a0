// The floor of §11: a minimal single pass over the sales CSV's bytes that sums amount and counts
// rows and distinct customers per employee and quarter — no quoting rules, no per-row strings.
// Columns: order_id,date,customer_id,employee_id,amount,... (the bench's own file).
import { openSync, readSync, closeSync } from 'node:fs';

const file = process.argv[2];
const fd = openSync(file, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
const sums = new Map(); // key (emp*64+quarter) → [sumCents, rows, Set(customerHash)]
let field = 0, num = 0, frac = -1, neg = false, emp = 0, cust = 0, quarter = 0, header = true, rows = 0;
let carry = 0, year = 0, month = 0;
for (;;) {
  const n = readSync(fd, buf, 0, buf.length, null);
  if (n === 0) break;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 10) {
      if (!header) {
        const key = emp * 64 + quarter;
        let s = sums.get(key);
        if (!s) sums.set(key, (s = [0, 0, new Set()]));
        const cents = frac < 0 ? num * 100 : frac === 1 ? num * 10 : num;
        s[0] += neg ? -cents : cents; s[1]++; s[2].add(cust);
        rows++;
      }
      header = false; field = 0; num = 0; frac = -1; neg = false; emp = 0; cust = 0; quarter = 0; carry = 0;
    } else if (b === 44) {
      field++;
    } else if (!header) {
      if (field === 1) {
        // "YYYY-MM-DD": year digit 4 and the month give the quarter key (year % 10) * 4 + q.
        carry++;
        if (carry === 4) year = b - 48;
        else if (carry === 6) month = (b - 48) * 10;
        else if (carry === 7) quarter = year * 4 + (((month + b - 48 - 1) / 3) | 0);
      }
      else if (field === 2) cust = cust * 31 + b | 0;
      else if (field === 3) emp = (emp * 31 + b) & 0xffff;
      else if (field === 4) {
        if (b === 45) neg = true; else if (b === 46) frac = 0; else { num = num * 10 + (b - 48); if (frac >= 0) frac++; }
      }
    }
  }
}
closeSync(fd);
let total = 0;
for (const s of sums.values()) total += s[0];
process.stdout.write(JSON.stringify({ rows, groups: sums.size, total_cents: total }) + '\n');
