// Dev-only fixture oracle for the Redtram compliance suite.
//
//   node oracle.mjs compose [feature...]  fetch each subgraph's _service { sdl } from the running C# subgraphs,
//                                          write Fixtures/<feature>/<subgraph>.graphql and compose supergraph.graphql
//   node oracle.mjs record  [feature...]  compose, then run Apollo Gateway over the C# subgraphs and write each
//                                          case's "expected" and "apolloSubgraphRequests"
//   node oracle.mjs verify  [feature...]  like record but writes nothing; exits 1 on any difference
//
// The C# subgraphs are started by the OracleHost test of tests/Redtram.Gateway.Tests (dotnet test, filter
// Category=OracleHost) which writes their URLs to $REDTRAM_ORACLE_DIR/urls.json and stops when told to.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const project = path.join(repo, 'tests', 'Redtram.Gateway.Tests');
const fixtures = path.join(project, 'Fixtures');
const HEADER = '# redtram-fixture-sources: sha256=';

const [mode = 'record', ...only] = process.argv.slice(2);
if (!['compose', 'record', 'verify'].includes(mode)) {
  console.error('usage: node oracle.mjs compose|record|verify [feature...]');
  process.exit(2);
}

function normalizeSdl(sdl) {
  return sdl.replace(/\r\n/g, '\n').split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0).join('\n');
}

function sourcesHash(subgraphs) {
  const text = [...subgraphs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => `${s.name}\n${normalizeSdl(s.sdl)}\n`)
    .join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function compose(subgraphs, urlOf) {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: urlOf(s), typeDefs: parse(s.sdl) })),
  );
  if (result.errors?.length) {
    throw new Error('composition failed:\n' + result.errors.map((e) => '  ' + e.message).join('\n'));
  }
  return result.supergraphSdl;
}

async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

function cleanResult(single) {
  const out = {};
  if ('data' in single) out.data = single.data === undefined ? null : JSON.parse(JSON.stringify(single.data));
  if (single.errors?.length) {
    out.errors = single.errors.map((e) => {
      const err = { message: e.message };
      if (e.path) err.path = e.path;
      if (e.extensions?.code) err.extensions = { code: e.extensions.code };
      return err;
    });
  }
  return out;
}

async function startSubgraphs(features) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redtram-oracle-'));
  const build = spawnSync('dotnet', ['build', project, '-c', 'Release', '-nologo', '-v', 'q'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('dotnet build failed');
  const child = spawn('dotnet', ['test', project, '-c', 'Release', '--no-build', '-nologo', '--filter', 'Category=OracleHost'], {
    env: { ...process.env, REDTRAM_ORACLE_DIR: dir, REDTRAM_ORACLE_FEATURES: features.join(',') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const urlsFile = path.join(dir, 'urls.json');
  for (let i = 0; i < 1200 && !fs.existsSync(urlsFile); i++) await new Promise((r) => setTimeout(r, 250));
  if (!fs.existsSync(urlsFile)) throw new Error('subgraphs did not start');
  const urls = JSON.parse(fs.readFileSync(urlsFile, 'utf8'));
  const stop = async () => {
    fs.writeFileSync(path.join(dir, 'stop'), '');
    await new Promise((r) => child.on('exit', r));
  };
  return { urls, stop };
}

const allFeatures = fs.readdirSync(fixtures).filter((f) => fs.statSync(path.join(fixtures, f)).isDirectory()).sort();
const features = only.length ? only : allFeatures;
const { urls, stop } = await startSubgraphs(features);
let differences = 0;
try {
  for (const feature of features) {
    const dir = path.join(fixtures, feature);
    const subgraphUrls = urls[feature];
    if (!subgraphUrls) throw new Error(`no C# feature named ${feature}`);
    const subgraphs = [];
    for (const [name, url] of Object.entries(subgraphUrls)) {
      const res = await post(url, { query: '{ _service { sdl } }' });
      subgraphs.push({ name, url, sdl: res.data._service.sdl });
    }
    let supergraph;
    try {
      supergraph = HEADER + sourcesHash(subgraphs) + '\n' + compose(subgraphs, (s) => `http://${s.name}.invalid/graphql`);
    } catch (e) {
      differences++;
      console.error(`FAILED ${feature}: ${e.message}`);
      continue;
    }
    const write = (file, text) => {
      const full = path.join(dir, file);
      const old = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
      if (old === text) return;
      if (mode === 'verify') {
        differences++;
        console.error(`DIFF ${feature}/${file}`);
      } else fs.writeFileSync(full, text);
    };
    for (const s of subgraphs) write(`${s.name}.graphql`, s.sdl.endsWith('\n') ? s.sdl : s.sdl + '\n');
    write('supergraph.graphql', supergraph.endsWith('\n') ? supergraph : supergraph + '\n');
    console.log(`composed ${feature} (${subgraphs.map((s) => s.name).join(', ')})`);
    if (mode === 'compose') continue;

    const gateway = new ApolloGateway({
      supergraphSdl: compose(subgraphs, (s) => s.url),
      buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
      logger: { debug() {}, info() {}, warn: console.warn, error: console.error },
    });
    const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
    await server.start();
    try {
      const casesDir = path.join(dir, 'cases');
      for (const file of fs.readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
        const full = path.join(casesDir, file);
        const testCase = JSON.parse(fs.readFileSync(full, 'utf8'));
        for (const s of subgraphs) await post(s.url.replace(/\/graphql$/, '/__reset'), {});
        const response = await server.executeOperation({ query: testCase.query, variables: testCase.variables });
        const answer = cleanResult(response.body.singleResult);
        let requests = 0;
        for (const s of subgraphs) requests += (await (await fetch(s.url.replace(/\/graphql$/, '/__count'))).json()).requests;
        const updated = { ...testCase };
        if (testCase.pinned) updated.apolloAnswer = answer;
        else updated.expected = answer;
        updated.apolloSubgraphRequests = requests;
        const text = JSON.stringify(updated, null, 2) + '\n';
        const same = fs.existsSync(full) && fs.readFileSync(full, 'utf8') === text;
        if (!same) {
          if (mode === 'verify') {
            differences++;
            console.error(`DIFF ${feature}/cases/${file}: ${JSON.stringify(answer)} (${requests} requests)`);
          } else fs.writeFileSync(full, text);
        }
        console.log(`  ${file}: ${requests} subgraph request(s)${answer.errors ? ', errors' : ''}`);
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  await stop();
}
if (differences) {
  console.error(`${differences} difference(s)`);
  process.exit(1);
}
