#!/usr/bin/env node
// Dev-only: composes every fixture under tests/Redtram.Federation.Tests/Composition/Fixtures/<case>/
// with @apollo/composition and writes expected.supergraph.graphql (success) or expected.errors.json (failure).
// Each fixture holds subgraphs/<name>.graphql; the routing url is http://<name>.example/graphql.
// Usage: node generate.js [case ...]
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('graphql');
const { composeServices } = require('@apollo/composition');

const root = path.resolve(__dirname, '../../tests/Redtram.Federation.Tests/Composition/Fixtures');
const only = process.argv.slice(2);

for (const name of fs.readdirSync(root).sort()) {
  const dir = path.join(root, name);
  if (!fs.statSync(dir).isDirectory()) continue;
  if (only.length && !only.includes(name)) continue;
  const sgDir = path.join(dir, 'subgraphs');
  if (!fs.existsSync(sgDir)) continue;
  const services = [];
  let parseError = null;
  for (const file of fs.readdirSync(sgDir).filter((f) => f.endsWith('.graphql')).sort()) {
    const sgName = path.basename(file, '.graphql');
    const sdl = fs.readFileSync(path.join(sgDir, file), 'utf8');
    try {
      services.push({ name: sgName, url: `http://${sgName}.example/graphql`, typeDefs: parse(sdl) });
    } catch (e) {
      parseError = { code: 'INVALID_GRAPHQL', message: `[${sgName}] ${e.message}` };
    }
  }
  const outSuper = path.join(dir, 'expected.supergraph.graphql');
  const outErr = path.join(dir, 'expected.errors.json');
  for (const f of [outSuper, outErr]) if (fs.existsSync(f)) fs.unlinkSync(f);
  if (parseError) {
    fs.writeFileSync(outErr, JSON.stringify([parseError], null, 2) + '\n');
    console.log(`${name}: errors INVALID_GRAPHQL`);
    continue;
  }
  const result = composeServices(services);
  if (result.errors && result.errors.length) {
    const errs = result.errors.map((e) => ({ code: (e.extensions && e.extensions.code) || 'UNKNOWN', message: e.message }));
    fs.writeFileSync(outErr, JSON.stringify(errs, null, 2) + '\n');
    console.log(`${name}: errors ${[...new Set(errs.map((e) => e.code))].join(', ')}`);
  } else {
    fs.writeFileSync(outSuper, result.supergraphSdl);
    console.log(`${name}: ok${result.hints && result.hints.length ? ` (${result.hints.length} hints)` : ''}`);
  }
}
