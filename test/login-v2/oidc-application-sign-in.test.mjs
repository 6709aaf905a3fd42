// Flow 4 of issue 15, replayed in Login V2's order with its own client library: an application sends the browser to
// /oauth/v2/authorize, Gatehouse sends it on to the login (<base>/login?authRequest=V2_…), the login reads the request
// (src/app/login/route.ts: getAuthRequest), signs the user in with password and OTP Email, and hands the request
// back (src/lib/oidc.ts: createCallback with the session's id and token), then redirects to callbackUrl. The
// application redeems its code; a second createCallback answers FAILED_PRECONDITION, which Login V2 reads as
// "already handled" (error.code === 9).
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { ConnectError, Code } from "@connectrpc/connect";
import { create } from "@zitadel/client";
import { ErrorReason, Prompt } from "@zitadel/proto/zitadel/oidc/v2/authorization_pb";
import { CreateCallbackRequestSchema, SessionSchema } from "@zitadel/proto/zitadel/oidc/v2/oidc_service_pb";
import { startGatehouse, stores } from "./gatehouse.mjs";
import { loginClients, registerApplication, userWithOtpEmail } from "./login-v2.mjs";
import { codeMailedTo } from "./mail.mjs";

const loginBase = "https://login.acme.test/ui/v2/login";
const redirectUri = "https://app.acme.test/callback";

function payload(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

for (const store of stores()) {
  describe(`An application signs in through Login V2 (${store})`, () => {
    let server;
    let login;
    let app;

    before(async () => {
      server = await startGatehouse(store, { Oidc__ExternalLogin__BaseUrl: loginBase });
      login = loginClients(server);
      app = await registerApplication(server, redirectUri);
    });

    after(async () => server?.stop());

    /** The application's redirect to /oauth/v2/authorize; returns the auth request id the login gets and the PKCE verifier. */
    async function authorize(extra = "") {
      const verifier = randomBytes(32).toString("base64url");
      const challenge = createHash("sha256").update(verifier).digest("base64url");
      const query = new URLSearchParams({
        client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid profile email",
        state: "state-1", nonce: "nonce-1", code_challenge: challenge, code_challenge_method: "S256",
      });
      const response = await fetch(`${server.baseUrl}/oauth/v2/authorize?${query}${extra}`, { redirect: "manual" });
      assert.equal(response.status, 302);
      const location = new URL(response.headers.get("location"));
      assert.equal(`${location.origin}${location.pathname}`, `${loginBase}/login`);
      const authRequestId = location.searchParams.get("authRequest");
      assert.match(authRequestId, /^V2_/);
      return { authRequestId, verifier };
    }

    /** The login's sign-in through the Session API: user, password, the mailed code. */
    async function signIn(user) {
      const created = await login.sessions.createSession({ checks: { user: { search: { case: "userId", value: user.userId } } } }, {});
      await login.sessions.setSession({ sessionId: created.sessionId, checks: { password: { password: user.password } } }, {});
      const template = "http://login.example/otp/email?code={{.Code}}&userId={{.UserID}}&sessionId={{.SessionID}}";
      await login.sessions.setSession({
        sessionId: created.sessionId,
        challenges: { otpEmail: { deliveryType: { case: "sendCode", value: { urlTemplate: template } } } },
      }, {});
      const code = await codeMailedTo(server.dataPath, user.email);
      const done = await login.sessions.setSession({ sessionId: created.sessionId, checks: { otpEmail: { code } } }, {});
      return { sessionId: created.sessionId, sessionToken: done.sessionToken };
    }

    function sessionCallback(authRequestId, session) {
      return create(CreateCallbackRequestSchema, {
        authRequestId,
        callbackKind: { case: "session", value: create(SessionSchema, session) },
      });
    }

    async function follow(callbackUrl) {
      const response = await fetch(callbackUrl, { redirect: "manual" });
      assert.equal(response.status, 302);
      return new URL(response.headers.get("location"));
    }

    test("authorize → login → getAuthRequest → createCallback → code → tokens with amr pwd, otp, mfa", async () => {
      const user = await userWithOtpEmail(server);
      const { authRequestId, verifier } = await authorize("&acr_values=mfa&login_hint=" + encodeURIComponent(user.loginName));

      const { authRequest } = await login.oidc.getAuthRequest({ authRequestId });
      assert.equal(authRequest.id, authRequestId);
      assert.equal(authRequest.clientId, app.clientId);
      assert.equal(authRequest.redirectUri, redirectUri);
      assert.deepEqual(authRequest.scope, ["openid", "profile", "email"]);
      assert.deepEqual(authRequest.prompt, []);
      assert.equal(authRequest.loginHint, user.loginName);

      const session = await signIn(user);
      const { callbackUrl } = await login.oidc.createCallback(sessionCallback(authRequestId, session));
      const back = await follow(callbackUrl);
      assert.equal(`${back.origin}${back.pathname}`, redirectUri);
      assert.equal(back.searchParams.get("state"), "state-1");
      assert.ok(back.searchParams.get("iss"));

      const tokenResponse = await fetch(`${server.baseUrl}/oauth/v2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code", code: back.searchParams.get("code"), redirect_uri: redirectUri,
          client_id: app.clientId, client_secret: app.clientSecret, code_verifier: verifier,
        }),
      });
      assert.equal(tokenResponse.status, 200);
      const idToken = payload((await tokenResponse.json()).id_token);
      assert.equal(idToken.sub, user.userId);
      assert.equal(idToken.sid, session.sessionId);
      assert.equal(idToken.nonce, "nonce-1");
      assert.deepEqual(idToken.amr, ["pwd", "otp", "mfa"]);
      assert.equal(idToken.acr, "mfa");

      await assert.rejects(login.oidc.createCallback(sessionCallback(authRequestId, session)),
        (error) => error instanceof ConnectError && error.code === Code.FailedPrecondition);
    });

    test("a password-only session is refused while the code is due, and the request stays open", async () => {
      const user = await userWithOtpEmail(server);
      const { authRequestId } = await authorize();
      const created = await login.sessions.createSession({
        checks: { user: { search: { case: "userId", value: user.userId } }, password: { password: user.password } },
      }, {});

      await assert.rejects(
        login.oidc.createCallback(sessionCallback(authRequestId, { sessionId: created.sessionId, sessionToken: created.sessionToken })),
        (error) => error instanceof ConnectError && error.code === Code.FailedPrecondition);
      const { authRequest } = await login.oidc.getAuthRequest({ authRequestId });
      assert.equal(authRequest.id, authRequestId);
    });

    test("prompt=none without a session: the login's error callback reaches the application", async () => {
      const { authRequestId } = await authorize("&prompt=none");
      const { authRequest } = await login.oidc.getAuthRequest({ authRequestId });
      assert.deepEqual(authRequest.prompt, [Prompt.NONE]);

      const { callbackUrl } = await login.oidc.createCallback(create(CreateCallbackRequestSchema, {
        authRequestId,
        callbackKind: { case: "error", value: { error: ErrorReason.LOGIN_REQUIRED } },
      }));
      const back = await follow(callbackUrl);
      assert.equal(back.searchParams.get("error"), "login_required");
      assert.equal(back.searchParams.get("state"), "state-1");
      assert.equal(back.searchParams.get("code"), null);
    });

    test("an unknown auth request is NOT_FOUND", async () => {
      await assert.rejects(login.oidc.getAuthRequest({ authRequestId: "V2_0" }),
        (error) => error instanceof ConnectError && error.code === Code.NotFound);
    });
  });
}
