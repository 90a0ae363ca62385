-- Peru: Ministerio Público - Fiscalía de la Nación, Sistema de Gestión Fiscal (SGF), demo replica.
-- "Existing" national schema (fictitious data). Works on SQLite and PostgreSQL.
-- Dates are ISO 8601 (YYYY-MM-DD). Flags are CHAR(1) 'S'/'N'.

CREATE TABLE distritos_fiscales (
  cod_distrito      VARCHAR(4)   NOT NULL PRIMARY KEY,
  nombre            VARCHAR(80)  NOT NULL,
  departamento      VARCHAR(40)  NOT NULL
);

CREATE TABLE fiscalias (
  id_fiscalia       INTEGER      NOT NULL PRIMARY KEY,
  cod_despacho      VARCHAR(10)  NOT NULL UNIQUE,   -- 10-digit dispatch code used in carpeta numbers
  nombre            VARCHAR(160) NOT NULL,
  cod_distrito      VARCHAR(4)   NOT NULL REFERENCES distritos_fiscales(cod_distrito),
  telefono          VARCHAR(30),
  correo            VARCHAR(80)
);

CREATE TABLE estados_carpeta (
  cod_estado        VARCHAR(6)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(80)  NOT NULL,
  es_final          CHAR(1)      NOT NULL DEFAULT 'N'
);

CREATE TABLE tipos_documento (
  cod_tipo_doc      VARCHAR(4)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(80)  NOT NULL
);

CREATE TABLE roles_sujeto (
  cod_rol           VARCHAR(4)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(60)  NOT NULL
);

CREATE TABLE articulos_penales (
  id_articulo       INTEGER      NOT NULL PRIMARY KEY,
  codigo            VARCHAR(20)  NOT NULL UNIQUE,   -- e.g. 'CP 129-A'
  denominacion      VARCHAR(160) NOT NULL,
  norma             VARCHAR(60)  NOT NULL
);

CREATE TABLE modalidades_explotacion (
  cod_modalidad     VARCHAR(4)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(80)  NOT NULL
);

CREATE TABLE tipos_persona_juridica (
  cod_tipo_pj       VARCHAR(4)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(80)  NOT NULL
);

CREATE TABLE carpetas_fiscales (
  id_carpeta        INTEGER      NOT NULL PRIMARY KEY,
  nro_carpeta       VARCHAR(30)  NOT NULL UNIQUE,   -- e.g. '2506014501-2023-123-0'
  id_fiscalia       INTEGER      NOT NULL REFERENCES fiscalias(id_fiscalia),
  cod_estado        VARCHAR(6)   NOT NULL REFERENCES estados_carpeta(cod_estado),
  fecha_denuncia    DATE         NOT NULL,
  fecha_conclusion  DATE,
  lugar_hechos      VARCHAR(120),
  sumilla           VARCHAR(400),
  reservada         CHAR(1)      NOT NULL DEFAULT 'N',
  fecha_registro    DATE         NOT NULL
);
CREATE INDEX ix_carpetas_fiscalia ON carpetas_fiscales(id_fiscalia);
CREATE INDEX ix_carpetas_estado ON carpetas_fiscales(cod_estado);
CREATE INDEX ix_carpetas_fecha ON carpetas_fiscales(fecha_denuncia);

-- Cooperation mechanisms attached to a carpeta (ECI = equipo conjunto de investigación / JIT).
CREATE TABLE carpeta_cooperacion (
  id_cooperacion    INTEGER      NOT NULL PRIMARY KEY,
  id_carpeta        INTEGER      NOT NULL REFERENCES carpetas_fiscales(id_carpeta),
  mecanismo         VARCHAR(20)  NOT NULL,          -- 'ECI', 'ASISTENCIA JUDICIAL', 'INTERPOL'
  referencia        VARCHAR(40)  NOT NULL,          -- e.g. 'JIT-CL-PE-2025-01'
  pais_contraparte  CHAR(3)      NOT NULL
);
CREATE INDEX ix_cooperacion_carpeta ON carpeta_cooperacion(id_carpeta);
CREATE INDEX ix_cooperacion_ref ON carpeta_cooperacion(referencia);

CREATE TABLE carpeta_modalidad (
  id_carpeta        INTEGER      NOT NULL REFERENCES carpetas_fiscales(id_carpeta),
  cod_modalidad     VARCHAR(4)   NOT NULL REFERENCES modalidades_explotacion(cod_modalidad),
  PRIMARY KEY (id_carpeta, cod_modalidad)
);

CREATE TABLE delitos (
  id_delito         INTEGER      NOT NULL PRIMARY KEY,
  id_carpeta        INTEGER      NOT NULL REFERENCES carpetas_fiscales(id_carpeta),
  id_articulo       INTEGER      NOT NULL REFERENCES articulos_penales(id_articulo),
  grado             VARCHAR(12)  NOT NULL,          -- 'CONSUMADO', 'TENTATIVA'
  agrav_menor_edad  CHAR(1)      NOT NULL DEFAULT 'N',
  agrav_organizacion CHAR(1)     NOT NULL DEFAULT 'N',
  agrav_funcionario CHAR(1)      NOT NULL DEFAULT 'N',
  agrav_peligro_vida CHAR(1)     NOT NULL DEFAULT 'N'
);
CREATE INDEX ix_delitos_carpeta ON delitos(id_carpeta);
CREATE INDEX ix_delitos_articulo ON delitos(id_articulo);

CREATE TABLE personas (
  id_persona        INTEGER      NOT NULL PRIMARY KEY,
  nombres           VARCHAR(80)  NOT NULL,
  apellido_paterno  VARCHAR(60),
  apellido_materno  VARCHAR(60),
  apellido_casada   VARCHAR(60),                    -- 'de Pérez' for a married woman, without the particle
  sexo              CHAR(1)      NOT NULL,          -- 'M', 'F', 'X' (no registrado)
  fecha_nacimiento  DATE,
  anio_nacimiento   INTEGER,                        -- set when only the year is known (fecha_nacimiento NULL)
  nacionalidad      CHAR(3)      NOT NULL,          -- ISO 3166-1 alpha-3
  alias             VARCHAR(120),                   -- several aliases separated by ' / '
  fecha_registro    DATE         NOT NULL
);
CREATE INDEX ix_personas_paterno ON personas(apellido_paterno);
CREATE INDEX ix_personas_nacimiento ON personas(fecha_nacimiento);

-- Search module of the SGF: one row per name word (upper case, accents stripped, particles dropped).
CREATE TABLE indice_nombres (
  clave             VARCHAR(60)  NOT NULL,
  id_persona        INTEGER      NOT NULL REFERENCES personas(id_persona),
  campo             CHAR(1)      NOT NULL,          -- N nombres, P paterno, M materno, C casada, A alias
  PRIMARY KEY (clave, id_persona, campo)
);
CREATE INDEX ix_indice_nombres_persona ON indice_nombres(id_persona);

CREATE TABLE documentos_identidad (
  id_documento      INTEGER      NOT NULL PRIMARY KEY,
  id_persona        INTEGER      NOT NULL REFERENCES personas(id_persona),
  cod_tipo_doc      VARCHAR(4)   NOT NULL REFERENCES tipos_documento(cod_tipo_doc),
  numero            VARCHAR(30)  NOT NULL,          -- as typed
  pais_emisor       CHAR(3)      NOT NULL
);
CREATE INDEX ix_documentos_persona ON documentos_identidad(id_persona);
CREATE INDEX ix_documentos_numero ON documentos_identidad(numero);

CREATE TABLE telefonos (
  id_telefono       INTEGER      NOT NULL PRIMARY KEY,
  id_persona        INTEGER      NOT NULL REFERENCES personas(id_persona),
  numero            VARCHAR(30)  NOT NULL,          -- as typed by the clerk: '987 654 321', '+51 987-654-321'...
  tipo              VARCHAR(10)  NOT NULL,          -- 'CELULAR', 'FIJO'
  imei              VARCHAR(20)
);
CREATE INDEX ix_telefonos_persona ON telefonos(id_persona);
CREATE INDEX ix_telefonos_numero ON telefonos(numero);

CREATE TABLE sujetos_procesales (
  id_sujeto         INTEGER      NOT NULL PRIMARY KEY,
  id_carpeta        INTEGER      NOT NULL REFERENCES carpetas_fiscales(id_carpeta),
  id_persona        INTEGER      NOT NULL REFERENCES personas(id_persona),
  cod_rol           VARCHAR(4)   NOT NULL REFERENCES roles_sujeto(cod_rol),
  menor_edad        CHAR(1)      NOT NULL DEFAULT 'N',
  reserva_identidad CHAR(1)      NOT NULL DEFAULT 'N',
  testigo_protegido CHAR(1)      NOT NULL DEFAULT 'N',
  clave_reserva     VARCHAR(20),                    -- pseudonymous code, e.g. 'TP-2023-0007'
  UNIQUE (id_carpeta, id_persona, cod_rol)
);
CREATE INDEX ix_sujetos_persona ON sujetos_procesales(id_persona);
CREATE INDEX ix_sujetos_carpeta ON sujetos_procesales(id_carpeta);

CREATE TABLE personas_juridicas (
  id_pj             INTEGER      NOT NULL PRIMARY KEY,
  razon_social      VARCHAR(160) NOT NULL,
  ruc               VARCHAR(11),
  cod_tipo_pj       VARCHAR(4)   NOT NULL REFERENCES tipos_persona_juridica(cod_tipo_pj)
);
CREATE INDEX ix_pj_ruc ON personas_juridicas(ruc);

CREATE TABLE carpeta_persona_juridica (
  id_carpeta        INTEGER      NOT NULL REFERENCES carpetas_fiscales(id_carpeta),
  id_pj             INTEGER      NOT NULL REFERENCES personas_juridicas(id_pj),
  vinculo           VARCHAR(40)  NOT NULL,          -- 'INVESTIGADA', 'TERCERO CIVIL'
  PRIMARY KEY (id_carpeta, id_pj)
);
CREATE INDEX ix_carpeta_pj_pj ON carpeta_persona_juridica(id_pj);
