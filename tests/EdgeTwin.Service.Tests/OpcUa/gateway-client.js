// Drives node-opcua-client against a running EdgeTwin gateway; prints one JSON object with what it observed.
// Usage: node gateway-client.js <scenario> <endpointUrl> <gatewayName> <userName> <password>
"use strict";
const { ua, sleep, sessions, browseAll, readAll, subscription, countChanges, renewUnderLoad, run } = require("./opcua-client");
const { AttributeIds, BrowseDirection, DataType, UserTokenType, TimestampsToReturn, ClientMonitoredItemGroup, ClientMonitoredItem,
        resolveNodeId, DataChangeFilter, DataChangeTrigger, DeadbandType } = ua;

const [scenario, url, gateway, userName, password] = process.argv.slice(2);
const { withSession } = sessions(url, "EdgeTwinGatewayTest");
const id = p => "ns=1;s=" + gateway + "/" + p;
const operator = { type: UserTokenType.UserName, userName, password };
// Values of the gateway's own namespace are samples: their StatusCode is the sample quality, reported apart.
const isSample = n => n.startsWith("ns=1;");

const ext = dv => dv.value && dv.value.value ? dv.value.value : null;

const scenarios = {
  async "browse-read"() {
    return withSession(undefined, async session => {
      const browse = await browseAll(session);
      const read = await readAll(session, browse.nodes, isSample);
      const channel = id("Devices/imu/accel_x");
      const [value, range, units, temperatureUnits, typeDef] = await session.read([
        { nodeId: channel, attributeId: AttributeIds.Value },
        { nodeId: channel + "/EURange", attributeId: AttributeIds.Value },
        { nodeId: channel + "/EngineeringUnits", attributeId: AttributeIds.Value },
        { nodeId: id("Devices/winding/temperature/EngineeringUnits"), attributeId: AttributeIds.Value },
        { nodeId: channel, attributeId: AttributeIds.DataType },
      ], TimestampsToReturn.Both);
      const refs = await session.browse({ nodeId: channel, browseDirection: BrowseDirection.Forward, referenceTypeId: resolveNodeId("HasTypeDefinition"), includeSubtypes: true, nodeClassMask: 0, resultMask: 63 });
      return {
        nodes: browse.nodes.filter(n => n.startsWith("ns=1;")), nodeCount: browse.nodes.length, browseBad: browse.bad,
        reads: read.reads, goodReads: read.good, readBad: read.bad, valueStatus: read.valueStatus, nodeClasses: read.nodeClasses,
        channel: { status: value.statusCode.name, value: value.value.value, sourceTimestamp: value.sourceTimestamp && value.sourceTimestamp.toISOString(),
                   serverTimestamp: value.serverTimestamp && value.serverTimestamp.toISOString(), dataType: typeDef.value.value.toString(),
                   typeDefinition: refs.references.map(r => r.nodeId.toString()),
                   range: ext(range) && { low: ext(range).low, high: ext(range).high },
                   unit: ext(units) && { id: ext(units).unitId, text: ext(units).displayName.text } },
        temperatureUnit: ext(temperatureUnits) && { id: ext(temperatureUnits).unitId, text: ext(temperatureUnits).displayName.text },
      };
    });
  },
  // 100 monitored items (the gateway's changing values, cycled to make 100) sampled and published every 100 ms.
  async "subscribe"() {
    const rate = 100, seconds = 3, count = 100;
    const sources = ["Devices/imu/accel_x", "Devices/imu/accel_y", "Devices/imu/accel_z", "Devices/imu/gyro_x", "Devices/imu/gyro_y",
      "Devices/imu/gyro_z", "Devices/encoder/counts", "Twin/axis1/motor/vibration/x", "Twin/axis1/motor/vibration/y",
      "Twin/axis1/motor/vibration/z", "Health/Devices/imu/Samples", "Health/Devices/encoder/Samples"].map(id);
    return countChanges(withSession, Array.from({ length: count }, (_, i) => sources[i % sources.length]), rate, seconds);
  },
  // accel_x has EURange -40..40 in the test configuration: a 50 % deadband (40 m/s²) suppresses its noise;
  // position has no EURange, so a percent deadband on it must be refused.
  async "deadband"() {
    return withSession(undefined, async session => {
      const sub = await subscription(session, 50);
      const make = async (nodeId, deadbandType, deadbandValue) => {
        const filter = deadbandType === undefined ? null : new DataChangeFilter({ trigger: DataChangeTrigger.StatusValue, deadbandType, deadbandValue });
        const item = ClientMonitoredItem.create(sub, { nodeId, attributeId: AttributeIds.Value }, { samplingInterval: 50, discardOldest: true, queueSize: 1, filter }, TimestampsToReturn.Both);
        const values = [];
        item.on("changed", dv => values.push({ v: dv.value.value, s: dv.statusCode.value }));
        const status = await new Promise(resolve => { item.once("initialized", () => resolve("Good")); item.once("err", e => resolve(String(e))); });
        return { values, status };
      };
      const none = await make(id("Devices/imu/accel_x"), undefined);
      const percent = await make(id("Devices/imu/accel_x"), DeadbandType.Percent, 50);
      const absolute = await make(id("Devices/imu/accel_x"), DeadbandType.Absolute, 1000);
      const small = await make(id("Devices/imu/accel_x"), DeadbandType.Absolute, 0);
      const noRange = await make(id("Twin/axis1/position"), DeadbandType.Percent, 10);
      await sleep(2000);
      // A change of status (e.g. Good → Uncertain_LastUsableValue when a loaded machine delays a sample) is always
      // reported (trigger StatusValue); only notifications with an unchanged status were triggered by the value.
      const byValue = vs => vs.filter((x, i) => i > 0 && x.s === vs[i - 1].s).length;
      const out = { none: byValue(none.values), percent: byValue(percent.values), absolute: byValue(absolute.values), small: byValue(small.values),
                    notifications: [none, percent, absolute, small].map(x => x.values.length), noRangeStatus: noRange.status };
      await sub.terminate();
      return out;
    });
  },
  async "write"() {
    const nodeId = id("Actuators/motor_speed/Setpoint");
    const write = (s, v) => s.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value: v } } });
    const anonymous = await withSession(undefined, async s => {
      const status = await write(s, 1234);
      const access = await s.read({ nodeId, attributeId: AttributeIds.UserAccessLevel });
      return { status: status.name, userAccessLevel: access.value.value };
    });
    const op = await withSession(operator, async s => {
      const access = await s.read({ nodeId, attributeId: AttributeIds.UserAccessLevel });
      const status = await write(s, 1234);
      const outOfRange = await write(s, 99999);
      const wrongType = await s.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.String, value: "fast" } } });
      let readBack = null;
      for (let i = 0; i < 50 && readBack !== 1234; i++) { readBack = (await s.read({ nodeId, attributeId: AttributeIds.Value })).value.value; if (readBack !== 1234) await sleep(100); }
      const twin = (await s.read({ nodeId: id("Twin/axis1/motor/speed_setpoint"), attributeId: AttributeIds.Value })).value.value;
      return { status: status.name, outOfRange: outOfRange.name, wrongType: wrongType.name, readBack, twin, userAccessLevel: access.value.value };
    });
    let badPassword;
    try { await withSession({ type: UserTokenType.UserName, userName, password: password + "-wrong" }, async () => "connected"); badPassword = "accepted"; }
    catch (e) { badPassword = String(e.message || e); }
    return { anonymous, operator: op, badPassword };
  },
  async "call"() {
    const object = id("Actuators/brake"), setpoint = id("Actuators/brake/Setpoint"), active = id("Actuators/brake/SafeStateActive");
    const call = (s, m) => s.call({ objectId: object, methodId: object + "/" + m, inputArguments: [] }).then(r => r.statusCode.name);
    const write = (s, v) => s.write({ nodeId: setpoint, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Double, value: v } } }).then(r => r.name);
    const read = async (s, n) => (await s.read({ nodeId: n, attributeId: AttributeIds.Value })).value.value;
    const anonymous = await withSession(undefined, s => call(s, "SetSafeState"));
    const op = await withSession(operator, async s => {
      const writeBefore = await write(s, 0);
      const safe = await call(s, "SetSafeState");
      const activeAfterSafe = await read(s, active);
      const writeWhileSafe = await write(s, 0);
      let setpointWhileSafe = null;
      for (let i = 0; i < 50 && setpointWhileSafe !== 1; i++) { setpointWhileSafe = await read(s, setpoint); if (setpointWhileSafe !== 1) await sleep(100); }
      const release = await call(s, "Release");
      const activeAfterRelease = await read(s, active);
      const writeAfterRelease = await write(s, 0);
      return { writeBefore, safe, activeAfterSafe, writeWhileSafe, setpointWhileSafe, release, activeAfterRelease, writeAfterRelease };
    });
    return { anonymous, operator: op };
  },
  // A session that outlives several security tokens (the gateway grants 1 s): the client renews the channel
  // while reading and receiving data changes; nothing may fail across the renewals.
  async "renew"() {
    return renewUnderLoad(withSession, id("Health/Devices/imu/Samples"), id("Devices/imu/accel_z"));
  },
};

run(scenarios, scenario);
