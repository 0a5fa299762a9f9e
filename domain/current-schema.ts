import { indicatorsSchema } from './kpi';
import { dateSchema, line, text, z } from './validation';

/**
 * The facts of an inspection already under way when the system is adopted, as a plan file and an
 * inspection's start input give them. A function: the inspection workflow builds it when it
 * validates its input and does not keep it (every cached workflow has its own module instances).
 */
export const currentSchema = () =>
  z
    .strictObject({
      stage: z.enum(['notified', 'on_site', 'drafting', 'remediating']),
      report: z.strictObject({ receivedOn: dateSchema, indicators: indicatorsSchema.default({}) }).optional(),
      openingMeeting: dateSchema.optional(),
      closingMeeting: z.strictObject({ date: dateSchema, preliminaryResults: text(4000) }).optional(),
      conclusion: z
        .strictObject({
          signer: line(120),
          signedOn: dateSchema,
          recommendations: z.array(z.strictObject({ text: text(1000), deadline: dateSchema, doneOn: dateSchema.optional() })).max(50),
        })
        .optional(),
    })
    .superRefine((c, ctx) => {
      if ((c.stage === 'drafting' || c.stage === 'remediating') && !c.closingMeeting) {
        ctx.addIssue({ code: 'custom', path: ['closingMeeting'], message: `giai đoạn ${c.stage} cần có closingMeeting` });
      }
      if (c.stage === 'remediating' && !c.conclusion)
        ctx.addIssue({ code: 'custom', path: ['conclusion'], message: 'giai đoạn remediating cần có conclusion' });
      if (c.stage !== 'remediating' && c.conclusion)
        ctx.addIssue({ code: 'custom', path: ['conclusion'], message: 'chỉ giai đoạn remediating có conclusion' });
    });
