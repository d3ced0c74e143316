// Signing in through next-auth's API, as QA tools do: the CSRF token, then the credentials
// callback. page.request shares its cookies with the page, so the page is signed in afterwards.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export { ADMIN } from "./target";

export async function signIn(page: Page, credentials: { email: string; password: string }) {
  await signInRequest(page.request, credentials);
}

/** Signs in an API request context (no page): later requests from it carry the session cookie. */
export async function signInRequest(request: APIRequestContext, credentials: { email: string; password: string }) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: credentials.email, password: credentials.password, json: "true" },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { email: string } };
  expect(session.user?.email).toBe(credentials.email);
}

/** Registers a customer account through POST /api/register and signs it in. */
export async function signInAsNewCustomer(page: Page, email: string) {
  const credentials = { email, password: "customer-password-1234" };
  const registered = await page.request.post("/api/register", { data: credentials });
  expect(registered.status(), await registered.text()).toBe(201);
  await signIn(page, credentials);
}
