using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Gatehouse.Crypto;

/// <summary>
/// Seals ASP.NET Core's data-protection keys (which protect the login cookie and antiforgery tokens) with the master
/// key before they are written to the data folder, so the folder alone cannot forge a signed-in browser.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(SecretBox box) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement("sealed", box.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting))), typeof(MasterKeyXmlDecryptor));
}

/// <summary>Created by data protection from the key file's record of its decryptor type, with the app's services.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(services.GetRequiredService<SecretBox>().Open(encryptedElement.Value));
}
