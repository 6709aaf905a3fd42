// Flows 2 and 3 of issue 15, replayed with Login V2's client library in its order. Flow 2: with forceMfa, a user who
// has only a password sets up OTP Email from the login (app/(login)/otp/[method]/set/page.tsx: addOTPEmail for the
// session's user, then the code page's challenge and check). Flow 3: email verification by code (lib/server/verify.ts:
// sendEmailCode with its /verify link template, a wrong code, a resend, the right code).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConnectError, Code } from "@connectrpc/connect";
import { startGatehouse, stores } from "./gatehouse.mjs";
import { adminJson, loginClients } from "./login-v2.mjs";
import { codeMailedTo } from "./mail.mjs";

const verifyTemplate = "http://localhost:3000/ui/v2/login/verify?code={{.Code}}&userId={{.UserID}}&organization={{.OrgID}}";
const otpTemplate = "http://localhost:3000/ui/v2/login/otp/email?code={{.Code}}&userId={{.UserID}}&sessionId={{.SessionID}}";

async function human(server, verified) {
  const name = `loginv2-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const password = "Secret-Password1!";
  const email = `${name}@example.com`;
  const created = await adminJson(server, "POST", "/v2/users/human", {
    username: name,
    profile: { givenName: "Login", familyName: "Two" },
    email: verified ? { email, isVerified: true } : { email, returnCode: {} },
    password: { password },
  });
  return { userId: created.userId, loginName: name, password, email };
}

for (const store of stores()) {
  describe(`Login V2 sets up OTP Email and verifies an email (${store})`, () => {
    let server;
    let login;

    before(async () => {
      server = await startGatehouse(store, { Gatehouse__LoginPolicy__ForceMfa: "true" });
      login = loginClients(server);
    });

    after(async () => server?.stop());

    test("with forceMfa, a password-only user sets up OTP Email from the login and signs in with a code", async () => {
      const settings = (await login.settings.getLoginSettings({}, {})).settings;
      assert.equal(settings.forceMfa, true);
      const user = await human(server, true);
      const created = await login.sessions.createSession({
        checks: { user: { search: { case: "loginName", value: user.loginName } }, password: { password: user.password } },
      }, {});
      const methods = await login.users.listAuthenticationMethodTypes({ userId: user.userId }, {});
      assert.equal(methods.authMethodTypes.length, 1); // the password only: the login sends the user to set up a factor

      const session = await login.sessions.getSession({ sessionId: created.sessionId, sessionToken: created.sessionToken }, {});
      await login.users.addOTPEmail({ userId: session.session.factors.user.id }, {});

      const challenged = await login.sessions.setSession({
        sessionId: created.sessionId,
        challenges: { otpEmail: { deliveryType: { case: "sendCode", value: { urlTemplate: otpTemplate } } } },
      }, {});
      const code = await codeMailedTo(server.dataPath, user.email);
      const checked = await login.sessions.setSession({
        sessionId: created.sessionId,
        sessionToken: challenged.sessionToken,
        checks: { otpEmail: { code } },
      }, {});
      const done = await login.sessions.getSession({ sessionId: created.sessionId, sessionToken: checked.sessionToken }, {});
      assert.ok(done.session.factors.otpEmail?.verifiedAt);
    });

    test("an email is verified by code: sent with the verify link, a wrong code, a resend refused by the cooldown, the right code", async () => {
      const user = await human(server, false);
      await login.users.sendEmailCode({ userId: user.userId, verification: { case: "sendCode", value: { urlTemplate: verifyTemplate } } }, {});
      const code = await codeMailedTo(server.dataPath, user.email);

      const wrong = await login.users.verifyEmail({ userId: user.userId, verificationCode: "WRONG1" }, {}).catch((e) => e);
      assert.ok(wrong instanceof ConnectError);
      assert.equal(wrong.code, Code.InvalidArgument);
      const resend = await login.users.resendEmailCode({
        userId: user.userId, verification: { case: "sendCode", value: { urlTemplate: verifyTemplate } },
      }, {}).catch((e) => e);
      assert.ok(resend instanceof ConnectError);
      assert.equal(resend.code, Code.ResourceExhausted);

      await login.users.verifyEmail({ userId: user.userId, verificationCode: code }, {});
      const read = await login.users.getUserByID({ userId: user.userId }, {});
      assert.equal(read.user.type.value.email.isVerified, true);
    });
  });
}
