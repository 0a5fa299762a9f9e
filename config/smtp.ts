import { booleanSetting } from './boolean-setting';
import { ExitCode, UserFacingError } from './errors';
import { secretFromEnv } from './secrets';
import { describeIssue, z } from '../domain/validation';

/** SMTP settings, validated once at worker start-up. The password is held in a closure, never in a field. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465). */
  secure: boolean;
  /** Require STARTTLS on a plain connection. */
  requireTLS: boolean;
  user?: string;
  from: { address: string; name: string };
  /** The domain of deterministic Message-IDs. */
  messageIdDomain: string;
  /** The password, read from SMTP_PASSWORD or the file SMTP_PASSWORD_FILE. */
  password: () => string | undefined;
}

const schema = z.object({
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USER: z.string().min(1).optional(),
  MAIL_FROM: z.email(),
  MAIL_FROM_NAME: z
    .string()
    .min(1)
    .max(120)
    .refine((s) => !/[\r\n]/.test(s))
    .default('Văn phòng UBND thành phố Hải Phòng'),
});

/**
 * Loads SMTP settings from the environment: SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_STARTTLS,
 * SMTP_USER, SMTP_PASSWORD or SMTP_PASSWORD_FILE, MAIL_FROM, MAIL_FROM_NAME.
 */
export function loadSmtpSettings(env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  const secure = booleanSetting(env, 'SMTP_SECURE', false);
  const requireTLS = booleanSetting(env, 'SMTP_STARTTLS', false);
  const parsed = schema.safeParse({ MAIL_FROM: 'kiemtra@haiphong.example', ...env });
  if (!parsed.success) {
    throw new UserFacingError(`cấu hình SMTP không hợp lệ: ${describeIssue(parsed.error.issues[0]!)}`, ExitCode.badInput);
  }
  const s = parsed.data;
  const password = secretFromEnv(env, 'SMTP_PASSWORD');
  return {
    host: s.SMTP_HOST,
    port: s.SMTP_PORT,
    secure,
    requireTLS,
    user: s.SMTP_USER,
    from: { address: s.MAIL_FROM, name: s.MAIL_FROM_NAME },
    messageIdDomain: s.MAIL_FROM.split('@')[1]!,
    password: () => password,
  };
}
