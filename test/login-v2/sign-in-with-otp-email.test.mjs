// Flow 1 of issue 15, replayed in Login V2's order with its own client library: the settings of the login-name,
// password and OTP pages, then the session calls of its server actions (src/lib/server/loginname.ts, password.ts,
// components/login-otp.tsx): user check, password, an emailed code with Login V2's link template, a wrong code, a
// resend and the right code, after its user search (searchUsers: loginNameQuery EQUALS + organizationIdQuery).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConnectError, Code } from "@connectrpc/connect";
import { makeReqCtx } from "@zitadel/client/v2";
import { SecondFactorType } from "@zitadel/proto/zitadel/settings/v2/login_settings_pb";
import { startGatehouse, stores } from "./gatehouse.mjs";
import { loginClients, userWithOtpEmail } from "./login-v2.mjs";
import { codeMailedTo } from "./mail.mjs";

for (const store of stores()) {
  describe(`Login V2 signs in with password and OTP Email (${store})`, () => {
    let server;
    let login;

    before(async () => {
      server = await startGatehouse(store);
      login = loginClients(server);
    });

    after(async () => server?.stop());

    test("the default organization every page looks up (getDefaultOrg) is the user's", async () => {
      const user = await userWithOtpEmail(server);
      const answer = await login.organizations.listOrganizations(
        { queries: [{ query: { case: "defaultQuery", value: {} } }] }, {});
      assert.equal(answer.result.length, 1);
      assert.equal(answer.result[0].id, user.orgId);
    });

    test("the settings every page reads answer for the instance and for the user's organization", async () => {
      const user = await userWithOtpEmail(server);
      for (const organization of [undefined, user.orgId]) {
        const loginSettings = (await login.settings.getLoginSettings({ ctx: makeReqCtx(organization) }, {})).settings;
        assert.ok(loginSettings.allowUsernamePassword);
        assert.deepEqual(loginSettings.secondFactors, [SecondFactorType.OTP_EMAIL]);
        assert.equal(loginSettings.passwordCheckLifetime.seconds, 864000n);
        assert.ok((await login.settings.getBrandingSettings({ ctx: makeReqCtx(organization) }, {})).settings);
        assert.ok((await login.settings.getLegalAndSupportSettings({ ctx: makeReqCtx(organization) }, {})).settings);
        assert.equal((await login.settings.getActiveIdentityProviders({ ctx: makeReqCtx(organization) }, {})).identityProviders.length, 0);
        assert.equal((await login.settings.getPasswordComplexitySettings({ ctx: makeReqCtx(organization) })).settings.minLength, 8n);
        assert.ok((await login.settings.getLockoutSettings({ ctx: makeReqCtx(organization) }, {})).settings);
        assert.ok((await login.settings.getPasswordExpirySettings({ ctx: makeReqCtx(organization) }, {})).settings);
      }
      assert.ok((await login.settings.getSecuritySettings({})).settings);
      const translations = await login.settings.getHostedLoginTranslation(
        { level: { case: "organizationId", value: user.orgId }, locale: "de" }, {});
      assert.deepEqual(translations.translations, {});
    });

    test("password, then the mailed code: wrong, resent, right", async () => {
      const user = await userWithOtpEmail(server);
      const loginSettings = (await login.settings.getLoginSettings({ ctx: makeReqCtx(user.orgId) }, {})).settings;

      const found = await login.users.listUsers({
        queries: [
          { query: { case: "loginNameQuery", value: { loginName: user.loginName, method: 0 } } },
          { query: { case: "organizationIdQuery", value: { organizationId: user.orgId } } },
        ],
      });
      assert.ok(found.details);
      assert.equal(found.result.length, 1);
      assert.equal(found.result[0].userId, user.userId);
      assert.equal(found.result[0].preferredLoginName, user.loginName);

      const created = await login.sessions.createSession({
        checks: { user: { search: { case: "userId", value: user.userId } } },
        lifetime: loginSettings.passwordCheckLifetime,
      }, {});
      assert.ok(created.sessionId && created.sessionToken);

      const { user: read } = await login.users.getUserByID({ userId: user.userId });
      assert.equal(read.type.case, "human");
      assert.equal(read.type.value.email.isVerified, true);
      assert.equal(read.details.resourceOwner, user.orgId);

      const methods = await login.users.listAuthenticationMethodTypes({ userId: user.userId });
      assert.ok(methods.authMethodTypes.length >= 2);

      const withPassword = await login.sessions.setSession({
        sessionId: created.sessionId,
        checks: { password: { password: user.password } },
        lifetime: loginSettings.passwordCheckLifetime,
      }, {});

      const template = "http://login.example/otp/email?code={{.Code}}&userId={{.UserID}}&sessionId={{.SessionID}}";
      const challenge = { otpEmail: { deliveryType: { case: "sendCode", value: { urlTemplate: template } } } };
      await login.sessions.setSession({ sessionId: created.sessionId, challenges: challenge, lifetime: loginSettings.secondFactorCheckLifetime }, {});
      const firstCode = await codeMailedTo(server.dataPath, user.email);

      await assert.rejects(
        login.sessions.setSession({ sessionId: created.sessionId, checks: { otpEmail: { code: "00000000" } } }, {}),
        (error) => error instanceof ConnectError && error.code === Code.InvalidArgument);

      // Login V2's "resend" repeats the challenge; Gatehouse's cooldown (30 s by default) answers that with
      // RESOURCE_EXHAUSTED, which Login V2 shows as its generic "could not request OTP challenge".
      await assert.rejects(
        login.sessions.setSession({ sessionId: created.sessionId, challenges: challenge }, {}),
        (error) => error instanceof ConnectError && error.code === Code.ResourceExhausted);

      const done = await login.sessions.setSession({
        sessionId: created.sessionId,
        checks: { otpEmail: { code: firstCode } },
        lifetime: loginSettings.secondFactorCheckLifetime,
      }, {});
      assert.notEqual(done.sessionToken, withPassword.sessionToken);

      const { session } = await login.sessions.getSession({ sessionId: created.sessionId, sessionToken: done.sessionToken }, {});
      assert.equal(session.factors.user.id, user.userId);
      assert.equal(session.factors.user.loginName, user.loginName);
      assert.ok(session.factors.password.verifiedAt);
      assert.ok(session.factors.otpEmail.verifiedAt);
    });
  });
}
