// Reads the codes Gatehouse's development mail sink writes to <data>/mail/*.eml.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";

/** The code of the newest mail to the recipient that is not one of the codes already seen. */
export async function codeMailedTo(dataPath, recipient, seen = []) {
  const folder = join(dataPath, "mail");
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (existsSync(folder)) {
      for (const file of readdirSync(folder).filter((f) => f.endsWith(".eml")).sort().reverse()) {
        // Gatehouse writes its text parts as 8-bit UTF-8, so the link stands in the file as it was rendered.
        const mail = readFileSync(join(folder, file), "utf8");
        const code = /[?&]code=([0-9A-Z]+)/.exec(mail)?.[1];
        if (mail.toLowerCase().includes(recipient.toLowerCase()) && code && !seen.includes(code)) {
          return code;
        }
      }
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  const files = existsSync(folder) ? readdirSync(folder) : [];
  throw new Error(`no new code mailed to ${recipient} within 20 s; mails: ${files.join(", ") || "none"}`);
}
