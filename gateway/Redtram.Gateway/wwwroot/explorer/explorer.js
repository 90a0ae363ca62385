// Redtram Federation explorer: GraphiQL against this gateway's /graphql, with the example queries of examples.json.
// Loaded as a plain script after React, ReactDOM and GraphiQL (vendor/); no inline script, no external request.
(function () {
  'use strict';

  // Relative to the page, so the explorer also works behind a reverse proxy that adds a path prefix.
  var endpoint = new URL('../graphql', document.baseURI).toString();
  var examplesUrl = new URL('examples.json', document.baseURI).toString();
  // Demo mode only: the development token issuer of `redtram demo` (the route does not exist otherwise).
  var demoUsersUrl = new URL('../dev/users', document.baseURI).toString();

  var fallbackQuery =
    '# Welcome to the Redtram Federation explorer.\n' +
    '# Write a query, press Ctrl-Enter (or the run button) and the gateway answers.\n' +
    'query Countries {\n' +
    '  __type(name: "CountryCode") {\n' +
    '    enumValues { name }\n' +
    '  }\n' +
    '}\n';

  /** POSTs one GraphQL request as JSON to the gateway and returns its JSON answer (or a GraphQL-shaped error). */
  function fetcher(params, options) {
    var headers = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json'
    };
    var extra = (options && options.headers) || {};
    Object.keys(extra).forEach(function (k) { headers[k] = extra[k]; });
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (e) {
          return { errors: [{ message: 'The gateway answered HTTP ' + response.status + ' with a body that is not JSON: ' + text.slice(0, 500) }] };
        }
      });
    });
  }

  function variablesText(example) {
    if (example.variables === undefined || example.variables === null) {
      return '';
    }
    return typeof example.variables === 'string' ? example.variables : JSON.stringify(example.variables, null, 2);
  }

  var container = document.getElementById('graphiql');
  var select = document.getElementById('rt-examples');
  var root = ReactDOM.createRoot(container);
  var props = {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    // A namespace of its own, so other GraphiQL pages on the same origin do not share tabs with this one.
    storage: GraphiQL.createLocalStorage({ namespace: 'redtram-explorer' })
  };

  function render(extra) {
    var all = {};
    Object.keys(props).forEach(function (k) { all[k] = props[k]; });
    Object.keys(extra || {}).forEach(function (k) { all[k] = extra[k]; });
    root.render(React.createElement(GraphiQL, all));
  }

  /** Puts an example into the active tab. GraphiQL replaces the editors' text when the query/variables props change. */
  function load(example) {
    // Clear the props first so that loading the same example twice (after edits) still replaces the text.
    ReactDOM.flushSync(function () { render({ query: undefined, variables: undefined }); });
    render({ query: example.query, variables: variablesText(example) });
  }

  function start(examples, defaultQuery) {
    // What a first visit shows (later visits get back the tabs GraphiQL stored in localStorage).
    props.defaultQuery = defaultQuery || (examples.length > 0 ? examples[0].query : fallbackQuery);
    select.innerHTML = '';
    var placeholder = document.createElement('option');
    placeholder.value = '';
    placeholder.textContent = examples.length > 0 ? 'Load an example into the current tab…' : 'No examples';
    select.appendChild(placeholder);
    examples.forEach(function (example, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = example.name;
      if (example.description) {
        option.title = example.description;
      }
      select.appendChild(option);
    });
    select.disabled = examples.length === 0;
    select.addEventListener('change', function () {
      if (select.value !== '') {
        load(examples[Number(select.value)]);
        select.value = '';
      }
    });
    var loading = document.getElementById('rt-loading');
    if (loading) {
      loading.remove();
    }
    render();

    // explorer/#example=N opens the N-th example (from 1), e.g. for a link in a runbook.
    var match = /^#example=(\d+)$/.exec(window.location.hash);
    if (match && Number(match[1]) >= 1 && Number(match[1]) <= examples.length) {
      load(examples[Number(match[1]) - 1]);
    }
  }

  /**
   * Demo mode: a "Demo user" list (one user per country and role). The first user's token is fetched before GraphiQL
   * starts, so that its first requests (the schema) already carry it; choosing another user fetches a fresh token from
   * the development issuer and fills the headers editor with it and with a purpose, legal basis and case reference of
   * the user's country (edit them there, e.g. a JIT case). Resolves to null when the gateway has no development issuer.
   */
  function loadDemoUsers() {
    return fetch(demoUsersUrl, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (doc) {
        var list = doc && Array.isArray(doc.users) ? doc.users : [];
        if (list.length === 0) {
          return null;
        }
        return demoHeaders(list[0]).then(function (headers) { return { users: list, headers: headers }; });
      })
      .catch(function () { return null; });
  }

  function demoHeaders(user) {
    return fetch(new URL('..' + user.tokenUrl, document.baseURI).toString(), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (t) {
        return JSON.stringify({
          Authorization: 'Bearer ' + t.token,
          'Redtram-Purpose': 'CRIMINAL_INVESTIGATION',
          'Redtram-Legal-Basis': 'Demo: illustrative legal basis',
          'Redtram-Case-Reference': user.country + ':2025-0042'
        }, null, 2);
      });
  }

  function startDemoUsers(demo) {
    if (!demo) {
      return;
    }
    var label = document.getElementById('rt-demo-user-label');
    var users = document.getElementById('rt-demo-user');
    demo.users.forEach(function (u, i) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = u.country + ' ' + u.role;
      option.title = u.subject;
      users.appendChild(option);
    });
    label.hidden = false;
    users.addEventListener('change', function () {
      demoHeaders(demo.users[Number(users.value)])
        .then(function (headers) {
          // GraphiQL replaces the headers editor's text when the headers prop changes (a new token always differs).
          props.defaultHeaders = headers;
          props.headers = headers;
          render();
        })
        .catch(function (error) {
          console.warn('Redtram explorer: no demo token (' + error.message + ').');
        });
    });
  }

  loadDemoUsers().then(function (demo) {
    if (demo) {
      // Every tab starts with the demo user's headers; they are not persisted (tokens expire after an hour).
      props.defaultHeaders = demo.headers;
      props.headers = demo.headers;
    }
    fetch(examplesUrl, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (doc) {
        var examples = (doc && Array.isArray(doc.examples) ? doc.examples : []).filter(function (e) {
          return e && typeof e.name === 'string' && typeof e.query === 'string';
        });
        start(examples, doc && typeof doc.defaultQuery === 'string' ? doc.defaultQuery : null);
        startDemoUsers(demo);
      })
      .catch(function (error) {
        console.warn('Redtram explorer: examples.json could not be loaded (' + error.message + '); starting without examples.');
        start([], null);
        startDemoUsers(demo);
      });
  });
})();
