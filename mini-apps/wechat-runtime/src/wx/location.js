// wx.getLocation: refused with a clear error unless the mini-program declares why it wants the
// location (app.json permission["scope.userLocation"].desc, as WeChat requires) and the user
// allows it in the runtime's dialog (asked once per run); then the browser's own location,
// which the browser asks for again. Coordinates are WGS-84: gcj02 is refused, not faked.

import { asyncApi, failure } from './callback.js';

/** host: { config() (app.json), confirm(title, content) -> Promise<bool>, geolocation() } */
export function createLocationApis(host) {
  let allowed; // undefined: not asked yet in this run
  return {
    getLocation: asyncApi('getLocation', async (o) => {
      const type = String(o.type || 'wgs84').toLowerCase();
      if (type !== 'wgs84') throw failure('getLocation', `type ${type} is not supported: the browser gives WGS-84 coordinates`);
      const config = host.config() || {};
      const scope = config.permission && config.permission['scope.userLocation'];
      if (!scope || typeof scope !== 'object') {
        throw failure('getLocation', 'app.json declares no permission["scope.userLocation"], so the location is not offered');
      }
      if (allowed === undefined) {
        allowed = await host.confirm('Share your location?', String(scope.desc || 'This mini-program asks for your location.'));
      }
      if (!allowed) throw failure('getLocation', 'auth deny');
      const geo = host.geolocation();
      if (!geo) throw failure('getLocation', 'this page has no location source (a desktop window does not share the browser\'s location)');
      const pos = await new Promise((resolve, reject) => {
        geo.getCurrentPosition(resolve, (e) => reject(failure('getLocation', e && e.code === 1 ? 'auth deny' : (e && e.message) || 'no position')), {
          enableHighAccuracy: !!o.isHighAccuracy,
          timeout: Number(o.highAccuracyExpireTime) > 0 ? Number(o.highAccuracyExpireTime) : 10000,
        });
      });
      const c = pos.coords;
      return {
        latitude: c.latitude,
        longitude: c.longitude,
        speed: c.speed ?? -1,
        accuracy: c.accuracy,
        altitude: c.altitude ?? 0,
        verticalAccuracy: c.altitudeAccuracy ?? 0,
        horizontalAccuracy: c.accuracy,
      };
    }),
  };
}
