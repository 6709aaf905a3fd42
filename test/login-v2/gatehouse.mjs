// Starts a Gatehouse server of this build for one test file, as an operator would run it next to Login V2:
// its own data folder, a free port on 127.0.0.1, the login client's token read from <data>/login-client.pat.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const configuration = process.env.GATEHOUSE_TEST_CONFIGURATION ?? "Debug";
const binary = join(root, "src/Gatehouse/bin", configuration, "net10.0/gatehouse.dll");

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** The stores a test file runs on: SQLite always, PostgreSQL when scripts/test started one. */
export function stores() {
  return process.env.GATEHOUSE_TEST_POSTGRES ? ["sqlite", "postgres"] : ["sqlite"];
}

function postgresEnvironment(name) {
  const settings = Object.fromEntries(process.env.GATEHOUSE_TEST_POSTGRES.split(";").filter(Boolean)
    .map((pair) => pair.split("=")).map(([key, value]) => [key.toLowerCase(), value]));
  const createdb = join(process.env.GATEHOUSE_TEST_PG_BIN ?? "/usr/bin", "createdb");
  execFileSync(createdb, ["-h", settings.host, "-p", settings.port, "-U", settings.username, name]);
  return {
    Database__Provider: "postgres",
    Database__ConnectionString: `Host=${settings.host};Port=${settings.port};Username=${settings.username};Database=${name}`,
  };
}

export async function startGatehouse(store, environment = {}) {
  if (!existsSync(binary)) {
    throw new Error(`Build the server first: ${binary} is missing`);
  }

  const data = mkdtempSync(join(tmpdir(), "gatehouse-loginv2-"));
  const port = await freePort();
  const database = store === "postgres" ? postgresEnvironment(`loginv2_${port}_${Date.now()}`) : {};
  let output = "";
  const child = spawn("dotnet", [binary], {
    cwd: data,
    env: {
      ...process.env,
      Gatehouse__DataPath: data,
      Gatehouse__Port: String(port),
      Gatehouse__BindAddress: "127.0.0.1",
      ASPNETCORE_ENVIRONMENT: "Production",
      ...database,
      ...environment,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Gatehouse exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/debug/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Gatehouse did not get ready within 60 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }

  return {
    baseUrl,
    dataPath: data,
    loginClientToken: readFileSync(join(data, "login-client.pat"), "utf8").trim(),
    adminToken: readFileSync(join(data, "admin.pat"), "utf8").trim(),
    get output() {
      return output;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => (child.exitCode !== null ? done() : child.once("exit", done)));
      rmSync(data, { recursive: true, force: true });
    },
  };
}
