-- Chile: Fiscalía Nacional / Ministerio Público, Sistema de Apoyo a los Fiscales (SAF), demo replica.
-- "Existing" national schema (fictitious data). Works on SQLite and PostgreSQL.
-- Dates are ISO 8601. Flags are SMALLINT 0/1. Causas are keyed by their RUC (Rol Único de Causa).

CREATE TABLE fiscalias_regionales (
  cod_region        SMALLINT     NOT NULL PRIMARY KEY,
  nombre            VARCHAR(80)  NOT NULL
);

CREATE TABLE fiscalias_locales (
  cod_fiscalia      VARCHAR(12)  NOT NULL PRIMARY KEY,     -- e.g. 'FL-ARICA'
  nombre            VARCHAR(120) NOT NULL,
  comuna            VARCHAR(60)  NOT NULL,
  cod_region        SMALLINT     NOT NULL REFERENCES fiscalias_regionales(cod_region),
  fono              VARCHAR(30),
  email             VARCHAR(80)
);

CREATE TABLE estados_causa (
  cod_estado        SMALLINT     NOT NULL PRIMARY KEY,
  glosa             VARCHAR(80)  NOT NULL,
  vigente           SMALLINT     NOT NULL               -- 1 causa vigente, 0 terminada
);

CREATE TABLE tipos_interviniente (
  cod_tipo          SMALLINT     NOT NULL PRIMARY KEY,
  glosa             VARCHAR(60)  NOT NULL
);

-- SAF crime catalogue (códigos de delito)
CREATE TABLE delitos (
  cod_delito        INTEGER      NOT NULL PRIMARY KEY,
  glosa             VARCHAR(160) NOT NULL,
  articulo          VARCHAR(30)  NOT NULL,                 -- e.g. '411 quáter'
  cuerpo_legal      VARCHAR(60)  NOT NULL                  -- e.g. 'Código Penal', 'Ley 21.325'
);

CREATE TABLE finalidades_explotacion (
  cod_finalidad     VARCHAR(3)   NOT NULL PRIMARY KEY,
  glosa             VARCHAR(80)  NOT NULL
);

CREATE TABLE causas (
  ruc               VARCHAR(12)  NOT NULL PRIMARY KEY,     -- 'YYNNNNNNNN-D', D mod 11 (K allowed)
  rit               VARCHAR(20),                           -- court number once judicialised, e.g. 'O-123-2024'
  cod_fiscalia      VARCHAR(12)  NOT NULL REFERENCES fiscalias_locales(cod_fiscalia),
  cod_estado        SMALLINT     NOT NULL REFERENCES estados_causa(cod_estado),
  fecha_recepcion   DATE         NOT NULL,
  fecha_termino     DATE,
  relato            VARCHAR(400),
  reservada         SMALLINT     NOT NULL DEFAULT 0,       -- art. 182 CPP secrecy
  codigo_eci        VARCHAR(30)                            -- joint investigation team, e.g. 'JIT-CL-PE-2025-01'
);
CREATE INDEX ix_causas_fiscalia ON causas(cod_fiscalia);
CREATE INDEX ix_causas_estado ON causas(cod_estado);
CREATE INDEX ix_causas_fecha ON causas(fecha_recepcion);
CREATE INDEX ix_causas_eci ON causas(codigo_eci);

CREATE TABLE delitos_causa (
  ruc               VARCHAR(12)  NOT NULL REFERENCES causas(ruc),
  cod_delito        INTEGER      NOT NULL REFERENCES delitos(cod_delito),
  grado_desarrollo  VARCHAR(10)  NOT NULL,                 -- 'CONSUMADO', 'FRUSTRADO', 'TENTADO'
  cod_finalidad     VARCHAR(3)   REFERENCES finalidades_explotacion(cod_finalidad),
  circunstancias    VARCHAR(60),                           -- ';'-separated: 'MENOR', 'ASOC', 'FUNC', 'RIESGO'
  fecha_comision    DATE,
  PRIMARY KEY (ruc, cod_delito)
);
CREATE INDEX ix_delitos_causa_delito ON delitos_causa(cod_delito);

-- Persons known to the system (one row per individual, foreigners included).
CREATE TABLE sujetos (
  id_sujeto         INTEGER      NOT NULL PRIMARY KEY,
  run               VARCHAR(14),                           -- as typed: '12.345.678-5', '12345678-5', '9876543-K'
  nombres           VARCHAR(80)  NOT NULL,
  primer_apellido   VARCHAR(60),
  segundo_apellido  VARCHAR(60),
  sexo              VARCHAR(12)  NOT NULL,                 -- 'MASCULINO', 'FEMENINO', 'NO INFORMADO'
  fecha_nacimiento  DATE,
  nacionalidad      VARCHAR(30)  NOT NULL,                 -- 'CHILENA', 'PERUANA', 'VENEZOLANA', ...
  nombre_normalizado VARCHAR(200) NOT NULL                 -- 'APELLIDO1 APELLIDO2 NOMBRES', upper, no accents
);
CREATE INDEX ix_sujetos_run ON sujetos(run);
CREATE INDEX ix_sujetos_nombre ON sujetos(nombre_normalizado);
CREATE INDEX ix_sujetos_fnac ON sujetos(fecha_nacimiento);

-- One row per name word (upper case, accents stripped), for the "búsqueda por nombre" screen.
CREATE TABLE sujetos_busqueda (
  palabra           VARCHAR(60)  NOT NULL,
  id_sujeto         INTEGER      NOT NULL REFERENCES sujetos(id_sujeto),
  PRIMARY KEY (palabra, id_sujeto)
);
CREATE INDEX ix_sujetos_busqueda_sujeto ON sujetos_busqueda(id_sujeto);

CREATE TABLE sujetos_alias (
  id_sujeto         INTEGER      NOT NULL REFERENCES sujetos(id_sujeto),
  alias             VARCHAR(60)  NOT NULL,
  PRIMARY KEY (id_sujeto, alias)
);

CREATE TABLE documentos_extranjeros (
  id_doc            INTEGER      NOT NULL PRIMARY KEY,
  id_sujeto         INTEGER      NOT NULL REFERENCES sujetos(id_sujeto),
  tipo              VARCHAR(20)  NOT NULL,                 -- 'PASAPORTE', 'DNI', 'CEDULA', 'CI', 'CPF'
  numero            VARCHAR(30)  NOT NULL,
  pais              VARCHAR(30)  NOT NULL                  -- nationality label, e.g. 'PERUANA'
);
CREATE INDEX ix_docext_sujeto ON documentos_extranjeros(id_sujeto);
CREATE INDEX ix_docext_numero ON documentos_extranjeros(numero);

CREATE TABLE fonos_sujeto (
  id_sujeto         INTEGER      NOT NULL REFERENCES sujetos(id_sujeto),
  fono              VARCHAR(30)  NOT NULL,                 -- as typed: '+56 9 8765 4321', '987654321'
  PRIMARY KEY (id_sujeto, fono)
);
CREATE INDEX ix_fonos_fono ON fonos_sujeto(fono);

CREATE TABLE intervinientes (
  id_interviniente  INTEGER      NOT NULL PRIMARY KEY,
  ruc               VARCHAR(12)  NOT NULL REFERENCES causas(ruc),
  id_sujeto         INTEGER      NOT NULL REFERENCES sujetos(id_sujeto),
  cod_tipo          SMALLINT     NOT NULL REFERENCES tipos_interviniente(cod_tipo),
  menor_edad        SMALLINT     NOT NULL DEFAULT 0,
  identidad_reservada SMALLINT   NOT NULL DEFAULT 0,
  testigo_protegido SMALLINT     NOT NULL DEFAULT 0,
  codigo_reserva    VARCHAR(20)
);
CREATE INDEX ix_intervinientes_ruc ON intervinientes(ruc);
CREATE INDEX ix_intervinientes_sujeto ON intervinientes(id_sujeto);

CREATE TABLE personas_juridicas_causa (
  id_pjc            INTEGER      NOT NULL PRIMARY KEY,
  ruc               VARCHAR(12)  NOT NULL REFERENCES causas(ruc),
  rut_empresa       VARCHAR(14),
  razon_social      VARCHAR(160) NOT NULL,
  giro              VARCHAR(30)  NOT NULL                  -- 'TRANSPORTE', 'AGENCIA EMPLEO', 'COMERCIO', 'LOCAL NOCTURNO', 'AGRICOLA', 'BANDA'
);
CREATE INDEX ix_pjc_ruc ON personas_juridicas_causa(ruc);
CREATE INDEX ix_pjc_rut ON personas_juridicas_causa(rut_empresa);
