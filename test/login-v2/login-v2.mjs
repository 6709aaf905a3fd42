// Clients exactly as ZITADEL's Login V2 makes them (its src/lib/zitadel.ts and src/lib/service.ts): the login
// client's token on a connect-node gRPC transport, one client per service from @zitadel/proto's descriptors.
import { createClientFor } from "@zitadel/client";
import { createServerTransport } from "@zitadel/client/node";
import { OIDCService } from "@zitadel/proto/zitadel/oidc/v2/oidc_service_pb";
import { OrganizationService } from "@zitadel/proto/zitadel/org/v2/org_service_pb";
import { SessionService } from "@zitadel/proto/zitadel/session/v2/session_service_pb";
import { SettingsService } from "@zitadel/proto/zitadel/settings/v2/settings_service_pb";
import { UserService } from "@zitadel/proto/zitadel/user/v2/user_service_pb";

export function loginClients(server) {
  const transport = createServerTransport(server.loginClientToken, { baseUrl: server.baseUrl });
  return {
    settings: createClientFor(SettingsService)(transport),
    organizations: createClientFor(OrganizationService)(transport),
    sessions: createClientFor(SessionService)(transport),
    users: createClientFor(UserService)(transport),
    oidc: createClientFor(OIDCService)(transport),
  };
}

/** A user as an administrator makes one over ZITADEL's JSON API: verified email, a password, OTP Email added. */
export async function userWithOtpEmail(server) {
  const name = `loginv2-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const password = "Secret-Password1!";
  const email = `${name}@example.com`;
  const created = await adminJson(server, "POST", "/v2/users/human", {
    username: name,
    profile: { givenName: "Login", familyName: "Two" },
    email: { email, isVerified: true },
    password: { password },
  });
  await adminJson(server, "POST", `/v2/users/${created.userId}/otp_email`, {});
  return { userId: created.userId, loginName: name, password, email, orgId: created.details.resourceOwner };
}

/** An OIDC application (confidential, code flow with PKCE) registered through Gatehouse's admin API. */
export async function registerApplication(server, redirectUri) {
  const created = await adminJson(server, "POST", "/admin/v1/oidc/apps", {
    name: "Login V2 app", confidential: true, redirectUris: [redirectUri],
  });
  return { clientId: created.clientId, clientSecret: created.clientSecret };
}

export async function adminJson(server, method, path, body) {
  const response = await fetch(server.baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return JSON.parse(text);
}
