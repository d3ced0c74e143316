// Account shapes. Client-safe: imports nothing but zod.
import { z } from "zod";
import { roles } from "@/db/enums";
import { emailSchema, type FormInput, formText, uuidSchema } from "../schemas";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

// The passwords every credential-stuffing list starts with.
const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "passw0rd",
  "12345678",
  "123456789",
  "1234567890",
  "11111111",
  "00000000",
  "qwertyui",
  "qwerty123",
  "qwertyuiop",
  "iloveyou",
  "abc12345",
  "abcd1234",
  "letmein1",
  "welcome1",
  "admin123",
  "administrator",
  "sunshine",
  "football",
  "baseball",
  "princess",
  "trustno1",
]);

export const passwordSchema = z
  .string({ error: "must be a string" })
  .min(PASSWORD_MIN, { error: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `must be at most ${PASSWORD_MAX} characters` })
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), { error: "is too common; choose another" })
  .refine((p) => new Set(p).size >= 4, { error: "is too simple; use more different characters" });

export const registerInputSchema = z
  .strictObject({ email: emailSchema, password: passwordSchema })
  .refine((v) => !v.password.toLowerCase().includes(v.email.split("@")[0]!), {
    error: "must not contain your e-mail name",
    path: ["password"],
  });
export type RegisterInput = z.input<typeof registerInputSchema>;

// An admin made from the command line obeys the same rules as a customer who registers.
export const createAdminInputSchema = registerInputSchema;
export type CreateAdminInput = z.input<typeof createAdminInputSchema>;

export const promoteToAdminInputSchema = z.strictObject({ email: emailSchema });
export type PromoteToAdminInput = z.input<typeof promoteToAdminInputSchema>;

export const credentialsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(PASSWORD_MAX * 4),
});
export type Credentials = z.input<typeof credentialsSchema>;

// The sign-in and register forms (server actions). A blank sign-in field is named here; the register
// form's values go to registerUser, which says what is wrong with them. `callbackUrl` is where to
// go next (checked by the action: same-site paths only).
const filled = (message: string) => z.string().min(1, { error: message });
export const signInFormSchema = z.strictObject({
  email: formText.transform((value) => value?.trim() ?? "").pipe(filled("Enter the e-mail address of your account.")),
  password: formText.transform((value) => value ?? "").pipe(filled("Enter your password.")),
  callbackUrl: formText,
});
export const registerFormSchema = z
  .strictObject({ email: formText, password: formText, callbackUrl: formText })
  .transform((f) => ({
    input: { email: f.email?.trim() ?? "", password: f.password ?? "" } satisfies FormInput<RegisterInput>,
    callbackUrl: f.callbackUrl,
  }));

export const userSchema = z.object({ id: uuidSchema, email: z.string(), role: z.enum(roles) }).meta({ id: "User" });
export type User = z.infer<typeof userSchema>;
