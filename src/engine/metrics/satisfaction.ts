/**
 * Satisfaction metrics (PRODUCT.md §5) over surveys attributed to the entity and dated in P:
 * survey_responses, NPS (promoters 9–10, passives 7–8, detractors 0–6, over responses with an
 * nps) and CSAT (share of responses with a csat at or above the satisfied mark) and its mean.
 *
 * Satisfied mark by scale: 5-point ≥ 4, 7-point ≥ 6, 10-point ≥ 8, any other scale ≥ 0.8 × scale.
 */
import type { Dataset } from '../../model.js';
import type { Attribution } from '../attribution.js';
import type { Period } from '../types.js';
import { dayRange, groupSorted, sortByDay, type Csr } from './csr.js';
import { ratio, type MetricFn } from './context.js';

/** Lowest csat score counted as satisfied on a `scale`-point scale. */
export function csatSatisfiedMin(scale: number): number {
  if (scale === 5) return 4;
  if (scale === 7) return 6;
  if (scale === 10) return 8;
  return 0.8 * scale;
}

/** Facts over one set of surveys (attributed to an entity, dated in P). */
export interface SurveyStats {
  responses: number;
  npsResponses: number;
  promoters: number;
  passives: number;
  detractors: number;
  csatResponses: number;
  satisfied: number;
  csatSum: number;
}

/** Survey indices per attributed employee, by day. */
export class SurveyIndex {
  readonly byEmployee: Csr;

  constructor(private readonly ds: Dataset, att: Attribution, nEmployees: number) {
    const ss = ds.surveys;
    const days = ss.day;
    this.byEmployee = groupSorted(sortByDay(days), nEmployees, att.surveyEmployee, days);
  }

  stats(members: readonly number[], period: Period, satisfiedMin: number): SurveyStats {
    const ss = this.ds.surveys;
    const st: SurveyStats = { responses: 0, npsResponses: 0, promoters: 0, passives: 0, detractors: 0, csatResponses: 0, satisfied: 0, csatSum: 0 };
    for (const m of members) {
      const [from, to] = dayRange(this.byEmployee, m, period.start, period.end);
      for (let k = from; k < to; k++) {
        const i = this.byEmployee.items[k];
        const nps = ss.nps[i], csat = ss.csat[i];
        st.responses++;
        if (nps === nps) { // NaN = no NPS
          st.npsResponses++;
          if (nps >= 9) st.promoters++;
          else if (nps >= 7) st.passives++;
          else st.detractors++;
        }
        if (csat === csat) { // NaN = no CSAT
          st.csatResponses++;
          st.csatSum += csat;
          if (csat >= satisfiedMin) st.satisfied++;
        }
      }
    }
    return st;
  }
}

export const SATISFACTION_METRICS: Record<string, MetricFn> = {
  survey_responses: (ctx) => ({ value: ctx.surveys().responses }),

  /** 100 × (promoters − detractors) / responses with an nps; numerator promoters − detractors. */
  nps: (ctx) => {
    const s = ctx.surveys();
    return {
      value: s.npsResponses === 0 ? null : (100 * (s.promoters - s.detractors)) / s.npsResponses,
      numerator: s.promoters - s.detractors,
      denominator: s.npsResponses,
      counts: { promoters: s.promoters, passives: s.passives, detractors: s.detractors, responses: s.npsResponses },
    };
  },

  csat: (ctx) => {
    const s = ctx.surveys();
    return { ...ratio(s.satisfied, s.csatResponses), counts: { satisfied: s.satisfied, responses: s.csatResponses } };
  },

  /** Numerator: the sum of scores; denominator: responses with a csat. */
  csat_avg: (ctx) => {
    const s = ctx.surveys();
    return ratio(s.csatSum, s.csatResponses);
  },
};
