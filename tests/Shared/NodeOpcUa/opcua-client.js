// What every node-opcua-client test script shares: the client, sessions, whole-tree browse and read, subscriptions
// and the one-JSON-line protocol the C# side (NodeOpcUaScript.cs) reads. Scenario scripts require it from beside
// themselves (both are copied to the test output) and keep their own scenarios.
"use strict";
const path = require("path");
const modules = process.env.NODE_OPCUA_MODULES;
const ua = require(modules ? path.join(modules, "node-opcua-client") : "node-opcua-client");
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, BrowseDirection, ClientSubscription, StatusCodes, resolveNodeId } = ua;

const sleep = ms => new Promise(r => setTimeout(r, ms));

function makeClient(applicationName, extra) {
  return OPCUAClient.create(Object.assign({
    applicationName,
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 60000,
  }, extra || {}));
}

// A session bound to one endpoint and client name; withSession(identity, fn, clientOptions) connects, runs fn and
// always closes the session and disconnects.
function sessions(url, applicationName) {
  return {
    makeClient: extra => makeClient(applicationName, extra),
    async withSession(identity, fn, clientOptions) {
      const client = makeClient(applicationName, clientOptions);
      await client.connect(url);
      try {
        const session = await client.createSession(identity);
        try { return await fn(session, client); } finally { await session.close(); }
      } finally { await client.disconnect(); }
    },
  };
}

// OPC 10000-6 §A.1 numbers the attributes 1..27.
const allAttributes = Object.keys(AttributeIds).filter(k => isNaN(Number(k)) && AttributeIds[k] > 0 && AttributeIds[k] <= 27).map(k => AttributeIds[k]);

// Every node reachable from the Root folder by forward references, following continuation points.
async function browseAll(session) {
  const seen = new Map();
  const queue = [resolveNodeId("RootFolder")];
  const bad = [];
  let references = 0, browseNextCalls = 0;
  seen.set(queue[0].toString(), true);
  while (queue.length > 0) {
    const batch = queue.splice(0, 20);
    const results = await session.browse(batch.map(nodeId => ({
      nodeId, browseDirection: BrowseDirection.Both, referenceTypeId: resolveNodeId("References"),
      includeSubtypes: true, nodeClassMask: 0, resultMask: 63,
    })));
    for (let i = 0; i < results.length; i++) {
      let result = results[i];
      const refs = [...(result.references || [])];
      if (result.statusCode.value !== 0) bad.push({ node: batch[i].toString(), op: "browse", status: result.statusCode.name });
      while (result.continuationPoint && result.continuationPoint.length > 0) {
        browseNextCalls++;
        result = (await session.browseNext([result.continuationPoint], false))[0];
        if (result.statusCode.value !== 0) { bad.push({ node: batch[i].toString(), op: "browseNext", status: result.statusCode.name }); break; }
        refs.push(...(result.references || []));
      }
      references += refs.length;
      for (const r of refs) {
        const key = r.nodeId.toString();
        if (!seen.has(key) && r.isForward) { seen.set(key, true); queue.push(r.nodeId); }
      }
    }
  }
  return { nodes: [...seen.keys()], references, browseNextCalls, bad };
}

// Every attribute of every node. Bad_AttributeIdInvalid is the answer for attributes a node class does not have;
// anything else that is not Good is reported. Where isSample(nodeId) holds, the Value attribute's status is the
// sample's quality: it goes to valueStatus (when not Good) instead of counting as good or bad.
async function readAll(session, nodes, isSample) {
  const bad = [], valueStatus = {}, nodeClasses = {};
  let reads = 0, good = 0;
  for (let i = 0; i < nodes.length; i += 20) {
    const toRead = [];
    for (const n of nodes.slice(i, i + 20)) for (const a of allAttributes) toRead.push({ nodeId: n, attributeId: a });
    const values = await session.read(toRead, 0);
    for (let j = 0; j < values.length; j++) {
      reads++;
      const sc = values[j].statusCode, a = toRead[j].attributeId, n = toRead[j].nodeId.toString();
      if (a === AttributeIds.Value && isSample && isSample(n) && sc.value !== StatusCodes.BadAttributeIdInvalid.value) {
        if (sc.value !== 0) valueStatus[n] = sc.name;
        continue;
      }
      if (sc.value === 0) {
        good++;
        if (a === AttributeIds.NodeClass) nodeClasses[values[j].value.value] = (nodeClasses[values[j].value.value] || 0) + 1;
      } else if (sc.value !== StatusCodes.BadAttributeIdInvalid.value) {
        bad.push({ node: n, attribute: a, status: sc.name });
      }
    }
  }
  return { reads, good, nodeClasses, bad, valueStatus };
}

async function subscription(session, interval) {
  const sub = ClientSubscription.create(session, { requestedPublishingInterval: interval, requestedLifetimeCount: 100,
    requestedMaxKeepAliveCount: 10, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 1 });
  await new Promise((resolve, reject) => { sub.once("started", resolve); sub.once("internal_error", reject); });
  return sub;
}

// One monitored item per node id, sampled and published every `rate` ms: the data changes each item reports in the
// `seconds` after all are created (the initial values are not counted), with the server's revision of each item.
async function countChanges(withSession, nodeIds, rate, seconds) {
  const { AttributeIds, ClientMonitoredItemGroup, TimestampsToReturn } = ua;
  return withSession(undefined, async session => {
    const sub = await subscription(session, rate);
    const items = nodeIds.map(nodeId => ({ nodeId, attributeId: AttributeIds.Value }));
    const group = ClientMonitoredItemGroup.create(sub, items, { samplingInterval: rate, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
    const counts = new Array(items.length).fill(0);
    let badValues = 0;
    group.on("changed", (item, dataValue, index) => { counts[index]++; if (dataValue.statusCode.value !== 0) badValues++; });
    await new Promise(resolve => group.once("initialized", resolve));
    const itemStatus = group.monitoredItems.map(m => m.statusCode ? m.statusCode.name : "Good");
    const start = Date.now();
    counts.fill(0);
    await sleep(seconds * 1000);
    const elapsed = (Date.now() - start) / 1000;
    const snapshot = counts.slice();
    await sub.terminate();
    return { counts: snapshot, elapsed, rate, badValues, itemStatus,
             revisedSampling: group.monitoredItems.map(m => m.monitoringParameters ? m.monitoringParameters.samplingInterval : -1) };
  });
}

// A session that outlives several security tokens of 1 s (renewed at 75 % of their life, OPC 10000-4 §5.5.2): for 5 s
// it reads readNode every 50 ms while monitoring monitoredNode at 100 ms; nothing may fail across the renewals.
async function renewUnderLoad(withSession, monitoredNode, readNode) {
  const { AttributeIds, ClientMonitoredItem, TimestampsToReturn } = ua;
  let renewals = 0, reads = 0, badReads = 0, changes = 0;
  return withSession(undefined, async (session, client) => {
    client.on("security_token_renewed", () => renewals++);
    const sub = await subscription(session, 100);
    const item = ClientMonitoredItem.create(sub, { nodeId: monitoredNode, attributeId: AttributeIds.Value }, { samplingInterval: 100, queueSize: 5, discardOldest: true }, TimestampsToReturn.Both);
    item.on("changed", () => changes++);
    const end = Date.now() + 5000;
    while (Date.now() < end) {
      const dv = await session.read({ nodeId: readNode, attributeId: AttributeIds.Value });
      reads++;
      if (dv.statusCode.value !== 0) badReads++;
      await sleep(50);
    }
    await sub.terminate();
    return { renewals, reads, badReads, changes };
  }, { defaultSecureTokenLifetime: 1000 });
}

// Runs one scenario and prints its result as the last JSON line (exit 0), or {error} (exit 2), or {error: "timeout"}
// (exit 3) after two minutes, so a hung peer never hangs the test that started it.
function run(scenarios, scenario) {
  (async () => {
    const timer = setTimeout(() => { console.log(JSON.stringify({ error: "timeout" })); process.exit(3); }, 120000);
    try {
      if (!scenarios[scenario]) throw new Error("unknown scenario '" + scenario + "'");
      const result = await scenarios[scenario]();
      console.log(JSON.stringify(result));
      clearTimeout(timer);
      process.exit(0);
    } catch (e) {
      console.log(JSON.stringify({ error: String(e && e.stack || e) }));
      process.exit(2);
    }
  })();
}

module.exports = { ua, sleep, sessions, allAttributes, browseAll, readAll, subscription, countChanges, renewUnderLoad, run };
