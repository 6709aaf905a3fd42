namespace Gatehouse.Users;

/// <summary>Whose email gets a new code, who asks (the user, or a login client acting on the user), and how the code travels.</summary>
internal sealed record EmailCodeRequest(string UserId, string OrgId, string CreatorId, EmailCodeDelivery Delivery);
