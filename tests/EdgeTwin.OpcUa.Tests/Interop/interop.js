// Drives node-opcua-client against a running server; prints one JSON object with what it observed.
// Usage: node interop.js <scenario> <endpointUrl>   (scenarios below)
"use strict";
const path = require("path");
const modules = process.env.NODE_OPCUA_MODULES;
const ua = require(modules ? path.join(modules, "node-opcua-client") : "node-opcua-client");
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, BrowseDirection, DataType, UserTokenType,
        TimestampsToReturn, ClientSubscription, ClientMonitoredItemGroup, ClientMonitoredItem, StatusCodes, resolveNodeId,
        DataChangeFilter, DataChangeTrigger, DeadbandType } = ua;

const sleep = ms => new Promise(r => setTimeout(r, ms));

const [scenario, url] = process.argv.slice(2);

function makeClient(extra) {
  return OPCUAClient.create(Object.assign({
    applicationName: "EdgeTwinInterop",
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 60000,
  }, extra || {}));
}

async function withSession(identity, fn, clientOptions) {
  const client = makeClient(clientOptions);
  await client.connect(url);
  try {
    const session = await client.createSession(identity);
    try { return await fn(session, client); } finally { await session.close(); }
  } finally { await client.disconnect(); }
}

const allAttributes = Object.keys(AttributeIds).filter(k => isNaN(Number(k)) && AttributeIds[k] > 0 && AttributeIds[k] <= 27).map(k => AttributeIds[k]);

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
      let refs = [...(result.references || [])];
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

async function readAll(session, nodes) {
  const bad = [];
  let reads = 0, good = 0;
  const nodeClasses = {};
  for (let i = 0; i < nodes.length; i += 20) {
    const slice = nodes.slice(i, i + 20);
    const toRead = [];
    for (const n of slice) for (const a of allAttributes) toRead.push({ nodeId: n, attributeId: a });
    const values = await session.read(toRead, 0);
    for (let j = 0; j < values.length; j++) {
      reads++;
      const sc = values[j].statusCode;
      if (sc.value === 0) {
        good++;
        if (toRead[j].attributeId === AttributeIds.NodeClass) nodeClasses[values[j].value.value] = (nodeClasses[values[j].value.value] || 0) + 1;
      } else if (sc.value !== StatusCodes.BadAttributeIdInvalid.value) {
        bad.push({ node: toRead[j].nodeId.toString(), attribute: toRead[j].attributeId, status: sc.name });
      }
    }
  }
  return { reads, good, nodeClasses, bad };
}

async function subscription(session, interval) {
  const sub = ClientSubscription.create(session, { requestedPublishingInterval: interval, requestedLifetimeCount: 100,
    requestedMaxKeepAliveCount: 10, maxNotificationsPerPublish: 0, publishingEnabled: true, priority: 1 });
  await new Promise((resolve, reject) => { sub.once("started", resolve); sub.once("internal_error", reject); });
  return sub;
}

const scenarios = {
  // A session that outlives several security tokens: the client renews the channel (OpenSecureChannel Renew)
  // about every 750 ms while reading and receiving data changes; nothing may fail across the renewals.
  async "renew"() {
    let renewals = 0, reads = 0, badReads = 0, changes = 0;
    const result = await withSession(undefined, async (session, client) => {
      client.on("security_token_renewed", () => renewals++);
      const sub = await subscription(session, 100);
      const item = ClientMonitoredItem.create(sub, { nodeId: "ns=1;s=Demo/Counter", attributeId: AttributeIds.Value }, { samplingInterval: 100, queueSize: 5, discardOldest: true }, TimestampsToReturn.Both);
      item.on("changed", () => changes++);
      const end = Date.now() + 5000;
      while (Date.now() < end) {
        const dv = await session.read({ nodeId: "ns=0;i=2258", attributeId: AttributeIds.Value });
        reads++;
        if (dv.statusCode.value !== 0) badReads++;
        await sleep(50);
      }
      await sub.terminate();
      return { renewals, reads, badReads, changes };
    }, { defaultSecureTokenLifetime: 1000 });
    return result;
  },
  // 100 items sampled and published every 100 ms for 3 s: each should see about 30 changes.
  async "subscribe"() {
    const rate = 100, seconds = 3, count = 100;
    return withSession(undefined, async session => {
      const sub = await subscription(session, rate);
      const items = [];
      for (let i = 0; i < count; i++) items.push({ nodeId: "ns=1;s=Demo/Signals/Signal" + String(i).padStart(3, "0"), attributeId: AttributeIds.Value });
      const group = ClientMonitoredItemGroup.create(sub, items, { samplingInterval: rate, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
      const counts = new Array(count).fill(0);
      let badValues = 0;
      group.on("changed", (item, dataValue, index) => { counts[index]++; if (dataValue.statusCode.value !== 0) badValues++; });
      await new Promise(resolve => group.once("initialized", resolve));
      const revised = group.monitoredItems.map(m => m.statusCode ? m.statusCode.name : "Good");
      const start = Date.now();
      await sleep(seconds * 1000);
      const elapsed = (Date.now() - start) / 1000;
      const snapshot = counts.slice();
      await sub.terminate();
      return { counts: snapshot, elapsed, rate, badValues, revisedSampling: group.monitoredItems.map(m => m.monitoringParameters ? m.monitoringParameters.samplingInterval : -1), itemStatus: revised };
    });
  },
  // Deadbands on AnalogItems: 90% of the EURange span (Signal range -1..1) and absolute 10 suppress the sine's changes.
  async "deadband"() {
    return withSession(undefined, async session => {
      const sub = await subscription(session, 50);
      const make = async (nodeId, deadbandType, deadbandValue) => {
        const filter = deadbandType === undefined ? null : new DataChangeFilter({ trigger: DataChangeTrigger.StatusValue, deadbandType, deadbandValue });
        const item = ClientMonitoredItem.create(sub, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: 50, discardOldest: true, queueSize: 1, filter }, TimestampsToReturn.Both);
        const values = [];
        item.on("changed", dv => values.push(dv.value.value));
        const status = await new Promise(resolve => { item.once("initialized", () => resolve("Good")); item.once("err", e => resolve(String(e))); });
        return { values, status };
      };
      const none = await make("ns=1;s=Demo/Signals/Signal001", undefined);
      const percent = await make("ns=1;s=Demo/Signals/Signal002", DeadbandType.Percent, 90);
      const absolute = await make("ns=1;s=Demo/Signals/Signal003", DeadbandType.Absolute, 10);
      const small = await make("ns=1;s=Demo/Signals/Signal004", DeadbandType.Percent, 1);
      const noRange = await make("ns=1;s=Demo/Counter", DeadbandType.Percent, 10);
      await sleep(2000);
      const out = { none: none.values.length, percent: percent.values.length, absolute: absolute.values.length, small: small.values.length,
                    percentValues: percent.values, noRangeStatus: noRange.status };
      await sub.terminate();
      return out;
    });
  },
  async "browse-read"() {
    return withSession(undefined, async session => {
      const browse = await browseAll(session);
      const read = await readAll(session, browse.nodes);
      const endpoints = await (async () => { const c = makeClient(); await c.connect(url); const e = await c.getEndpoints(); await c.disconnect(); return e; })();
      return { nodeCount: browse.nodes.length, references: browse.references, browseNextCalls: browse.browseNextCalls,
               browseBad: browse.bad, reads: read.reads, goodReads: read.good, readBad: read.bad, nodeClasses: read.nodeClasses,
               endpointUrls: endpoints.map(e => e.endpointUrl), hasServerStatus: browse.nodes.includes("ns=0;i=2256"),
               hasTemperature: browse.nodes.includes("ns=1;s=Demo/Temperature") };
    }, { requestedSessionTimeout: 60000 });
  },
  async "write"() {
    const nodeId = "ns=1;s=Demo/Setpoint";
    const value = { value: { dataType: DataType.Double, value: 42.5 } };
    const anonymous = await withSession(undefined, s => s.write({ nodeId, attributeId: AttributeIds.Value, value }));
    const operator = await withSession({ type: UserTokenType.UserName, userName: "operator", password: "operator-pw" }, async s => {
      const status = await s.write({ nodeId, attributeId: AttributeIds.Value, value });
      const wrongType = await s.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.String, value: "x" } } });
      const readBack = await s.read({ nodeId, attributeId: AttributeIds.Value });
      return { status: status.name, wrongType: wrongType.name, readBack: readBack.value.value };
    });
    let badPassword;
    try { await withSession({ type: UserTokenType.UserName, userName: "operator", password: "nope" }, async () => "connected"); badPassword = "accepted"; }
    catch (e) { badPassword = String(e.message || e); }
    return { anonymous: anonymous.name, operator, badPassword };
  },
  // One anonymous session through every service set the fuzz seeds need: Browse, Read, Write, Call,
  // CreateSubscription, CreateMonitoredItems, Publish, Republish (captured by TrafficCaptureTests).
  async "fullsession"() {
    return withSession(undefined, async s => {
      const browse = await s.browse({ nodeId: "ns=1;s=Demo", browseDirection: BrowseDirection.Forward,
        referenceTypeId: resolveNodeId("HierarchicalReferences"), includeSubtypes: true, nodeClassMask: 0, resultMask: 63 });
      const read = await s.read([{ nodeId: "ns=1;s=Demo/Temperature", attributeId: AttributeIds.Value },
        { nodeId: "ns=1;s=Demo/Samples", attributeId: AttributeIds.Value, indexRange: "1:3" },
        { nodeId: "ns=1;s=Demo/Counter", attributeId: AttributeIds.DisplayName }], 0);
      const write = await s.write({ nodeId: "ns=1;s=Demo/Note", attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.String, value: "fuzz seed" } } });
      const call = await s.call({ objectId: "ns=1;s=Demo", methodId: "ns=1;s=Demo/Add",
        inputArguments: [{ dataType: DataType.Double, value: 1 }, { dataType: DataType.Double, value: 2 }] });
      const sub = await subscription(s, 50);
      const items = [0, 1, 2].map(i => ({ nodeId: "ns=1;s=Demo/Signals/Signal00" + i, attributeId: AttributeIds.Value }));
      const group = ClientMonitoredItemGroup.create(sub, items, { samplingInterval: 50, discardOldest: true, queueSize: 2,
        filter: new DataChangeFilter({ trigger: DataChangeTrigger.StatusValue, deadbandType: DeadbandType.Absolute, deadbandValue: 0.01 }) }, TimestampsToReturn.Both);
      let changes = 0;
      group.on("changed", () => changes++);
      await new Promise(resolve => group.once("initialized", resolve));
      await sleep(500);
      // Ask again for a message already acknowledged: Bad_MessageNotAvailable is the expected answer.
      const republish = await new Promise(resolve => s.republish(new ua.RepublishRequest({ subscriptionId: sub.subscriptionId, retransmitSequenceNumber: 1 }),
        (err, response) => resolve(err ? String(err.message || err) : response.notificationMessage.sequenceNumber)));
      await sub.terminate();
      return { references: (browse.references || []).length, read: read.map(v => v.statusCode.name), write: write.name,
               call: call.statusCode.name, changes, republish };
    });
  },
  async "call"() {
    return withSession(undefined, async s => {
      const ok = await s.call({ objectId: "ns=1;s=Demo", methodId: "ns=1;s=Demo/Add",
        inputArguments: [{ dataType: DataType.Double, value: 1.25 }, { dataType: DataType.Double, value: 2 }] });
      const missing = await s.call({ objectId: "ns=1;s=Demo", methodId: "ns=1;s=Demo/Add", inputArguments: [{ dataType: DataType.Double, value: 1 }] });
      const wrongType = await s.call({ objectId: "ns=1;s=Demo", methodId: "ns=1;s=Demo/Add",
        inputArguments: [{ dataType: DataType.String, value: "a" }, { dataType: DataType.Double, value: 2 }] });
      const args = await s.getArgumentDefinition("ns=1;s=Demo/Add");
      return { status: ok.statusCode.name, output: ok.outputArguments.map(v => v.value), missing: missing.statusCode.name,
               wrongType: wrongType.statusCode.name, inputNames: args.inputArguments.map(a => a.name) };
    });
  },
};

(async () => {
  const timer = setTimeout(() => { console.log(JSON.stringify({ error: "timeout" })); process.exit(3); }, 120000);
  try {
    const result = await scenarios[scenario]();
    console.log(JSON.stringify(result));
    clearTimeout(timer);
    process.exit(0);
  } catch (e) {
    console.log(JSON.stringify({ error: String(e && e.stack || e) }));
    process.exit(2);
  }
})();
