// zod building blocks shared by the domain schemas.
import { z } from "zod";

export const uuidSchema = z.uuid({ error: "must be a UUID" });
export const idParamsSchema = z.strictObject({ id: uuidSchema });
/** The query string of an endpoint that takes no parameters: any key is refused. */
export const noQuerySchema = z.strictObject({});

export const emailSchema = z
  .string({ error: "must be an e-mail address" })
  .trim()
  .max(254, { error: "must be at most 254 characters" })
  .toLowerCase()
  .pipe(z.email({ error: "must be an e-mail address" }));

// PostgreSQL has no year 0 and its input format stops at year 9999 (written in UTC).
export const dateTimeSchema = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" })
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, {
    error: "must be between the years 1 and 9999",
  });

// Text PostgreSQL can store as given: no NUL characters (text and jsonb refuse them) and no unpaired
// UTF-16 surrogates (they would be stored as U+FFFD, not as sent).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this refuses.
const unstorable = /[\u0000\p{Cs}]/u;
export const textSchema = z.string({ error: "must be a string" }).refine((value) => !unstorable.test(value), {
  error: "must not contain NUL characters or unpaired surrogates",
});

export const isoDateTimeOutput = z.iso.datetime({ offset: true });

// Fields of server-action forms (strict objects read with parseForm): text, each optional; a number
// field left blank is absent, so the command's schema names what is missing.
export const formText = z.string({ error: "must be text, sent once" }).optional();
export const formNumber = formText.transform((value) => (value?.trim() ? Number(value.trim()) : undefined));
/** What a form's schema hands a command: the command's own field names, with values the command
 *  itself checks (it parses its input), so a blank number field reaches it as missing. */
export type FormInput<T> = { [K in keyof T]?: unknown };
