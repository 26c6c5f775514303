// node-opcua-server serving the same variables as the bench's own server (BenchServer.cs):
// Objects/Demo/Signals/SignalNNN, Double AnalogItems with EURange -1..1, ns=1;s=Demo/Signals/SignalNNN,
// every value changed each update period. Prints "LISTENING <port>"; stops when stdin closes.
// Usage: node node-server.js --port N --signals N --update-ms N   (NODE_OPCUA_MODULES = .tools/opcua/node_modules)
"use strict";
const path = require("path");
const modules = process.env.NODE_OPCUA_MODULES;
const load = name => require(modules ? path.join(modules, name) : name);
// node-opcua-server re-exports neither Variant nor StatusCodes; they come from its own dependencies.
const { OPCUAServer } = load("node-opcua-server");
const { DataType, Variant } = load("node-opcua-variant");
const { StatusCodes } = load("node-opcua-status-code");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

(async () => {
  const port = arg("--port", 4840), signals = arg("--signals", 100), updateMs = arg("--update-ms", 100);
  const server = new OPCUAServer({
    port,
    hostname: "127.0.0.1",
    maxConnections: 200,
    maxSessions: 200,
    serverCapabilities: {
      maxSessions: 200,
      operationLimits: { maxNodesPerRead: 10000, maxMonitoredItemsPerCall: 10000 },
    },
    // Equal footing with the bench server's limits (4 MiB messages); no certificates are used under None.
    maxMessageSize: 16 * 1024 * 1024,
    maxChunkCount: 1000,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  const ns = addressSpace.getOwnNamespace();
  const demo = ns.addFolder(addressSpace.rootFolder.objects, { nodeId: "s=Demo", browseName: "Demo" });
  const folder = ns.addFolder(demo, { nodeId: "s=Demo/Signals", browseName: "Signals" });
  const nodes = [];
  for (let i = 0; i < signals; i++) {
    const name = "Signal" + String(i).padStart(3, "0");
    nodes.push(ns.addAnalogDataItem({
      organizedBy: folder, nodeId: "s=Demo/Signals/" + name, browseName: name,
      dataType: "Double", engineeringUnitsRange: { low: -1, high: 1 },
      value: new Variant({ dataType: DataType.Double, value: 0 }),
    }));
  }
  await server.start();
  console.log("LISTENING " + port);

  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    const now = new Date();
    for (let i = 0; i < nodes.length; i++) {
      nodes[i].setValueFromSource(new Variant({ dataType: DataType.Double, value: Math.sin(tick * 0.1 + i) }), StatusCodes.Good, now);
    }
  }, updateMs);

  process.stdin.on("end", async () => { clearInterval(timer); await server.shutdown(0); process.exit(0); });
  process.stdin.resume();
})().catch(err => { console.error(err); process.exit(1); });
