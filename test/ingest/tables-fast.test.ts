// ComplaintTableBuilder / SurveyTableBuilder: push (records) and pushRow (column encoding) fill the same table.
import { describe, expect, it } from 'vitest';
import { complaintAt, ComplaintTableBuilder, surveyAt, SurveyTableBuilder, type Complaint, type Survey } from '../../src/model.js';
import { emptyComplaintRow, emptySurveyRow } from '../../src/model/tables.js';

const complaints: Complaint[] = [
  { id: 'K1', opened: 1_723_226_100, openedDay: 19_944, customer: 0, order: -1, handler: 2, owner: -1, firstResponse: null,
    resolved: 1_723_404_840, statusResolved: true, escalated: false, satisfied: null, severity: '高', src: { file: 'c.csv', sheet: undefined, row: 2 } },
  { id: 'K2', opened: -1, openedDay: -1, customer: 1, order: 3, handler: -1, owner: 0, firstResponse: 0,
    resolved: null, statusResolved: false, escalated: true, satisfied: false, severity: null, src: { file: 'c.csv', sheet: undefined, row: 9 } },
];
const surveys: Survey[] = [
  { id: 'R1', day: 19_936, nps: 10, csat: null, customer: 0, order: -1, employee: 1, src: { file: 's.csv', sheet: undefined, row: 2 } },
  { id: null, day: 19_937, nps: null, csat: 4.5, customer: -1, order: 0, employee: -1, src: { file: 's.csv', sheet: undefined, row: 3 } },
];

describe('table builders', () => {
  it('push and pushRow give the same complaint table; reserve does not change it', () => {
    const a = new ComplaintTableBuilder('c.csv');
    for (const c of complaints) a.push(c);
    const b = new ComplaintTableBuilder('c.csv');
    b.reserve(5000);
    const r = emptyComplaintRow();
    for (const c of complaints) {
      Object.assign(r, { ...c, firstResponse: c.firstResponse ?? NaN, resolved: c.resolved ?? NaN,
        satisfied: c.satisfied === null ? -1 : +c.satisfied, row: c.src.row });
      b.pushRow(r); // one object for every row
    }
    const [ta, tb] = [a.finish(), b.finish()];
    expect(tb).toEqual(ta);
    expect(tb.opened.length).toBe(2);
    expect([0, 1].map((i) => complaintAt(tb, i))).toEqual(complaints);
  });

  it('push and pushRow give the same survey table', () => {
    const a = new SurveyTableBuilder('s.csv');
    for (const s of surveys) a.push(s);
    const b = new SurveyTableBuilder('s.csv');
    b.reserve(3);
    const r = emptySurveyRow();
    for (const s of surveys) {
      Object.assign(r, { id: s.id, day: s.day, nps: s.nps ?? NaN, csat: s.csat ?? NaN, customer: s.customer, order: s.order, employee: s.employee, row: s.src.row });
      b.pushRow(r);
    }
    const [ta, tb] = [a.finish(), b.finish()];
    expect(tb).toEqual(ta);
    expect(tb.day.length).toBe(2);
    expect([0, 1].map((i) => surveyAt(tb, i))).toEqual(surveys);
  });
});
