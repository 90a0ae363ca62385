// Dev-only. Copies the browser builds of GraphiQL, React and ReactDOM from node_modules into
// gateway/Redtram.Gateway/wwwroot/explorer/vendor/ (those copies are committed; the gateway never downloads anything).
//
//   cd tools/explorer-assets && npm ci && node copy.mjs
//
// To move to other versions: change the pins in package.json, `npm install`, `node copy.mjs`, commit package.json,
// package-lock.json and the vendor/ folder. Each package goes into a folder named after its version
// (vendor/<name>-<version>/) so the long browser cache of vendor files never serves a stale copy; this script
// also points explorer/index.html at the new folders.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const explorer = join(repo, 'gateway/Redtram.Gateway/wwwroot/explorer');
const vendor = join(explorer, 'vendor');

/** The files the page loads, per package: [path in the package, name in vendor/<pkg>-<version>/]. */
const wanted = {
  react: [['umd/react.production.min.js', 'react.production.min.js'], ['LICENSE', 'LICENSE']],
  'react-dom': [['umd/react-dom.production.min.js', 'react-dom.production.min.js'], ['LICENSE', 'LICENSE']],
  graphiql: [['graphiql.min.js', 'graphiql.min.js'], ['graphiql.min.css', 'graphiql.min.css'], ['LICENSE', 'LICENSE']],
};

function packageDir(name, from = here) {
  // Resolve package.json without going through "exports" (some packages do not export it).
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`${name} is not installed under ${from}: run \`npm ci\` in tools/explorer-assets first.`);
    }
    dir = parent;
  }
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const pinned = readJson(join(here, 'package.json')).dependencies;

rmSync(vendor, { recursive: true, force: true });
const folders = {};
for (const [name, files] of Object.entries(wanted)) {
  const dir = packageDir(name);
  const { version } = readJson(join(dir, 'package.json'));
  if (pinned[name] !== version) {
    throw new Error(`${name}: package.json pins ${pinned[name]} but node_modules has ${version}; run \`npm ci\`.`);
  }
  const folder = `${name}-${version}`;
  folders[name] = folder;
  mkdirSync(join(vendor, folder), { recursive: true });
  for (const [from, to] of files) {
    copyFileSync(join(dir, from), join(vendor, folder, to));
  }
}

// graphiql.min.js is a bundle: everything GraphiQL depends on (except React and ReactDOM, which the page loads
// separately) is inside it. Keep the licence of every package of that dependency closure next to it.
const seen = new Map();
function walk(name, from) {
  if (name === 'react' || name === 'react-dom') {
    return;
  }
  const dir = packageDir(name, from);
  if (seen.has(dir)) {
    return;
  }
  const pkg = readJson(join(dir, 'package.json'));
  seen.set(dir, pkg);
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    walk(dep, dir);
  }
  // Peers (graphql for instance) are bundled too when installed; optional ones that are absent are skipped.
  for (const dep of Object.keys(pkg.peerDependencies ?? {})) {
    if (isInstalled(dep, dir)) {
      walk(dep, dir);
    }
  }
}
function isInstalled(name, from) {
  try {
    packageDir(name, from);
    return true;
  } catch {
    return false;
  }
}
walk('graphiql', here);

const notices = [
  'Licences of the packages that may be bundled into graphiql.min.js: the dependency closure of graphiql as npm',
  'installed it in tools/explorer-assets (GraphiQL\'s maintainers built the bundle from their own lock file, so',
  'versions may differ, and their bundler left some packages out, e.g. type definitions). React and ReactDOM are',
  'not in the bundle: they have their own folders.',
  '',
];
const entries = [...seen.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name));
for (const [dir, pkg] of entries) {
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  notices.push('='.repeat(100));
  notices.push(`${pkg.name}@${pkg.version} (${pkg.license ?? 'see text'})`);
  notices.push('='.repeat(100));
  notices.push(licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : `(no licence file in the package; package.json says: ${pkg.license ?? 'nothing'})`);
  notices.push('');
}
writeFileSync(join(vendor, folders.graphiql, 'THIRD_PARTY_LICENSES.txt'), notices.join('\n'));

// Point the page at the versioned folders.
const indexPath = join(explorer, 'index.html');
if (existsSync(indexPath)) {
  let html = readFileSync(indexPath, 'utf8');
  for (const [name, folder] of Object.entries(folders)) {
    html = html.replace(new RegExp(`vendor/${name.replace('-', '\\-')}-\\d[^/"]*/`, 'g'), `vendor/${folder}/`);
  }
  writeFileSync(indexPath, html);
}

let total = 0;
for (const folder of Object.values(folders)) {
  for (const f of readdirSync(join(vendor, folder))) {
    const size = statSync(join(vendor, folder, f)).size;
    total += size;
    console.log(`${relative(repo, join(vendor, folder, f))}  ${(size / 1024).toFixed(1)} KiB`);
  }
}
console.log(`${entries.length} bundled packages' licences collected; vendor/ holds ${(total / 1024).toFixed(1)} KiB.`);
