// Drives node-opcua-client against a running server; prints one JSON object with what it observed.
// Usage: node interop.js <scenario> <endpointUrl>   (scenarios below)
"use strict";
const { ua, sleep, sessions, browseAll, readAll, subscription, countChanges, renewUnderLoad, run } = require("./opcua-client");
const { AttributeIds, BrowseDirection, DataType, UserTokenType, TimestampsToReturn, ClientMonitoredItemGroup, ClientMonitoredItem,
        resolveNodeId, DataChangeFilter, DataChangeTrigger, DeadbandType } = ua;

const [scenario, url] = process.argv.slice(2);
const { makeClient, withSession } = sessions(url, "EdgeTwinInterop");

const scenarios = {
  // A session that outlives several security tokens: the client renews the channel (OpenSecureChannel Renew)
  // about every 750 ms while reading and receiving data changes; nothing may fail across the renewals.
  async "renew"() {
    return renewUnderLoad(withSession, "ns=1;s=Demo/Counter", "ns=0;i=2258");
  },
  // 100 items sampled and published every 100 ms for 3 s: each should see about 30 changes.
  async "subscribe"() {
    const signals = Array.from({ length: 100 }, (_, i) => "ns=1;s=Demo/Signals/Signal" + String(i).padStart(3, "0"));
    return countChanges(withSession, signals, 100, 3);
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

run(scenarios, scenario);
