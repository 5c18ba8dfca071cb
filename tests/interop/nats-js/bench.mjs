// The npm client's publish throughput for deepwater bench bus: N x 64-byte payloads, timed from the
// first publish to the flush (PONG) after the last, as BusBench times ours.
//   node bench.mjs <url> <messages>   prints {"messages": n, "publish_msgs_per_s": x, "to_server_msgs_per_s": y}
import { connect } from "nats";

const [url, count] = process.argv.slice(2);
const n = Number(count ?? 1000000);
const nc = await connect({ servers: url, name: "bench-js" });
const payload = new Uint8Array(64);
for (let i = 0; i < 100000; i++) nc.publish("bench.js.warm", payload);
await nc.flush();
const start = process.hrtime.bigint();
for (let i = 0; i < n; i++) nc.publish("bench.js", payload);
const published = Number(process.hrtime.bigint() - start) / 1e9;
await nc.flush();
const flushed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ messages: n, publish_msgs_per_s: n / published, to_server_msgs_per_s: n / flushed }));
await nc.close();
