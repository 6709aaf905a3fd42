namespace Gatehouse.Kernel;

/// <summary>
/// A mail template a module ships: its files <c>{Name}.{en|de}.txt</c> and <c>.html</c> in <paramref name="Folder"/>
/// (next to the binary, as the module's folder in the source), and the label of the button its link gets, in English
/// and German. Notifications renders it without knowing which capability mails what.
/// </summary>
internal sealed record MailTemplate(string Name, string Folder, string Button, string ButtonGerman);
