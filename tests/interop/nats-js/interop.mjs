// The independent client's side of the interop tests (tests/Market.Core.Tests/Bus/Nats/NatsInteropTests.cs).
//   node interop.mjs sub <url> <subject> <count>  prints "READY" once subscribed, then one JSON line
//                                                per message: {"data": base64, "headers": {name: [values]}}
//   node interop.mjs pub <url> <subject>          publishes one message per JSON line on stdin (same shape)
import { connect, headers as newHeaders } from "nats";
import { createInterface } from "node:readline";

const [mode, url, subject, count] = process.argv.slice(2);
if (!mode || !url || !subject) {
  console.error("usage: node interop.mjs sub <url> <subject> <count> | pub <url> <subject>");
  process.exit(2);
}
const nc = await connect({ servers: url, name: "interop-js" });

if (mode === "sub") {
  const n = Number(count);
  const sub = nc.subscribe(subject, { max: n });
  await nc.flush(); // the server has the subscription before the other side publishes
  process.stdout.write("READY\n");
  for await (const m of sub) {
    const hs = {};
    if (m.headers) for (const k of m.headers.keys()) hs[k] = m.headers.values(k);
    const line = JSON.stringify({ data: Buffer.from(m.data).toString("base64"), headers: m.headers ? hs : null }) + "\n";
    // Respect backpressure: a 1 MB payload is a 1.4 MB line.
    if (!process.stdout.write(line)) await new Promise((r) => process.stdout.once("drain", r));
  }
} else if (mode === "pub") {
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line) continue;
    const spec = JSON.parse(line);
    const options = {};
    if (spec.headers) {
      const h = newHeaders();
      for (const [k, values] of Object.entries(spec.headers)) for (const v of values) h.append(k, v);
      options.headers = h;
    }
    nc.publish(subject, Buffer.from(spec.data, "base64"), options);
  }
  await nc.flush();
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
await nc.close();
