-- Paraguay: Ministerio Público, sistema de gestión de causas penales (réplica de demostración).
-- "Existing" national schema (fictitious data). Works on SQLite and PostgreSQL.
-- There is no person registry: each person is recorded once per expediente in personas_causa
-- (the same individual in two expedientes is two rows, usually with the same CI).
-- Dates are ISO 8601. Flags are SMALLINT 0/1.

CREATE TABLE unidades_fiscales (
  id_unidad         INTEGER      NOT NULL PRIMARY KEY,
  denominacion      VARCHAR(200) NOT NULL,
  ciudad            VARCHAR(60)  NOT NULL,
  departamento      VARCHAR(60)  NOT NULL,
  telefono          VARCHAR(30),
  correo            VARCHAR(80)
);

CREATE TABLE estados_expediente (
  codigo            SMALLINT     NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(80)  NOT NULL
);

CREATE TABLE calidades_procesales (
  codigo            VARCHAR(3)   NOT NULL PRIMARY KEY,
  descripcion       VARCHAR(60)  NOT NULL
);

CREATE TABLE hechos_punibles (
  id_hecho          INTEGER      NOT NULL PRIMARY KEY,
  norma             VARCHAR(40)  NOT NULL,                 -- 'Ley 4788/2012', 'Código Penal'
  articulo          VARCHAR(20)  NOT NULL,
  descripcion       VARCHAR(160) NOT NULL,
  UNIQUE (norma, articulo)
);

CREATE TABLE expedientes (
  id_expediente     INTEGER      NOT NULL PRIMARY KEY,
  nro_causa         INTEGER      NOT NULL,
  anio_causa        INTEGER      NOT NULL,                 -- shown as 'Causa N° 1234/2023'
  caratula          VARCHAR(300) NOT NULL,                 -- 'MINISTERIO PÚBLICO C/ ... S/ TRATA DE PERSONAS'
  id_unidad         INTEGER      NOT NULL REFERENCES unidades_fiscales(id_unidad),
  estado            SMALLINT     NOT NULL REFERENCES estados_expediente(codigo),
  fecha_inicio      DATE         NOT NULL,
  fecha_conclusion  DATE,
  reservado         SMALLINT     NOT NULL DEFAULT 0,
  eci_referencia    VARCHAR(30),                           -- equipo conjunto de investigación
  UNIQUE (nro_causa, anio_causa)
);
CREATE INDEX ix_expedientes_unidad ON expedientes(id_unidad);
CREATE INDEX ix_expedientes_estado ON expedientes(estado);
CREATE INDEX ix_expedientes_fecha ON expedientes(fecha_inicio);
CREATE INDEX ix_expedientes_eci ON expedientes(eci_referencia);

CREATE TABLE expediente_hechos (
  id_expediente     INTEGER      NOT NULL REFERENCES expedientes(id_expediente),
  id_hecho          INTEGER      NOT NULL REFERENCES hechos_punibles(id_hecho),
  tentativa         SMALLINT     NOT NULL DEFAULT 0,
  modalidad         VARCHAR(40),                           -- 'EXPLOTACIÓN SEXUAL', 'TRABAJO FORZOSO', 'SERVIDUMBRE', ...
  agravantes        VARCHAR(80),                           -- free text list: 'VÍCTIMA MENOR, FUNCIONARIO PÚBLICO'
  PRIMARY KEY (id_expediente, id_hecho)
);
CREATE INDEX ix_exp_hechos_hecho ON expediente_hechos(id_hecho);

CREATE TABLE personas_causa (
  id_persona_causa  INTEGER      NOT NULL PRIMARY KEY,
  id_expediente     INTEGER      NOT NULL REFERENCES expedientes(id_expediente),
  calidad           VARCHAR(3)   NOT NULL REFERENCES calidades_procesales(codigo),
  nombres           VARCHAR(80)  NOT NULL,
  apellidos         VARCHAR(100),                          -- both surnames in one field, as written
  ci                VARCHAR(15),                           -- cédula de identidad, digits, sometimes with dots: '4.567.890'
  tipo_otro_doc     VARCHAR(20),                           -- 'PASAPORTE', 'CPF', 'DNI', 'CI EXTRANJERA'
  nro_otro_doc      VARCHAR(30),
  pais_otro_doc     CHAR(2),
  sexo              CHAR(1)      NOT NULL,                 -- 'M', 'F', 'N'
  fecha_nacimiento  DATE,
  anio_nacimiento   INTEGER,                               -- when only the year is known
  nacionalidad      VARCHAR(30)  NOT NULL,                 -- 'PARAGUAYA', 'BRASILEÑA', 'ARGENTINA', ...
  telefono          VARCHAR(30),                           -- as typed: '0981 123 456', '+595 981 123456'
  apodo             VARCHAR(60),
  menor             SMALLINT     NOT NULL DEFAULT 0,
  identidad_reservada SMALLINT   NOT NULL DEFAULT 0,
  testigo_protegido SMALLINT     NOT NULL DEFAULT 0,
  codigo_reserva    VARCHAR(20)
);
CREATE INDEX ix_personas_causa_exp ON personas_causa(id_expediente);
CREATE INDEX ix_personas_causa_ci ON personas_causa(ci);
CREATE INDEX ix_personas_causa_otro_doc ON personas_causa(nro_otro_doc);
CREATE INDEX ix_personas_causa_tel ON personas_causa(telefono);
CREATE INDEX ix_personas_causa_fnac ON personas_causa(fecha_nacimiento);

-- Name words (upper case, accents stripped, particles dropped) for the search screen.
CREATE TABLE indice_personas (
  termino           VARCHAR(60)  NOT NULL,
  id_persona_causa  INTEGER      NOT NULL REFERENCES personas_causa(id_persona_causa),
  PRIMARY KEY (termino, id_persona_causa)
);
CREATE INDEX ix_indice_personas_persona ON indice_personas(id_persona_causa);

CREATE TABLE empresas_vinculadas (
  id_empresa        INTEGER      NOT NULL PRIMARY KEY,
  id_expediente     INTEGER      NOT NULL REFERENCES expedientes(id_expediente),
  razon_social      VARCHAR(160) NOT NULL,
  ruc               VARCHAR(15),                           -- '80012345-6'
  rubro             VARCHAR(30)  NOT NULL                  -- 'TRANSPORTE', 'AGENCIA DE EMPLEO', 'FACHADA', 'LOCAL NOCTURNO', 'ESTANCIA', 'GRUPO CRIMINAL'
);
CREATE INDEX ix_empresas_exp ON empresas_vinculadas(id_expediente);
CREATE INDEX ix_empresas_ruc ON empresas_vinculadas(ruc);
