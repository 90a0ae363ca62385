-- Brasil: Ministério Público Federal, sistema Único (réplica de demonstração).
-- Esquema nacional "existente" (dados fictícios). Funciona em PostgreSQL e SQLite.
-- Datas ISO 8601 (DATE). Indicadores SMALLINT 0/1.

CREATE TABLE unidade_mpf (
  id_unidade        INTEGER      NOT NULL PRIMARY KEY,
  sigla             VARCHAR(20)  NOT NULL UNIQUE,          -- e.g. 'PR-SP', 'PRM-FOZ'
  nome              VARCHAR(160) NOT NULL,
  municipio         VARCHAR(60)  NOT NULL,
  uf                CHAR(2)      NOT NULL,
  telefone          VARCHAR(30),
  email             VARCHAR(80)
);

CREATE TABLE situacao_procedimento (
  codigo            VARCHAR(4)   NOT NULL PRIMARY KEY,
  descricao         VARCHAR(80)  NOT NULL
);

CREATE TABLE papel_envolvido (
  codigo            VARCHAR(4)   NOT NULL PRIMARY KEY,
  descricao         VARCHAR(60)  NOT NULL
);

CREATE TABLE tipo_documento (
  codigo            VARCHAR(6)   NOT NULL PRIMARY KEY,
  descricao         VARCHAR(80)  NOT NULL
);

CREATE TABLE dispositivo_legal (
  id_dispositivo    INTEGER      NOT NULL PRIMARY KEY,
  diploma           VARCHAR(30)  NOT NULL,                 -- 'CP', 'Lei 13.344/2016'
  artigo            VARCHAR(20)  NOT NULL,                 -- '149-A', '232-A'
  descricao         VARCHAR(160) NOT NULL,
  UNIQUE (diploma, artigo)
);

CREATE TABLE finalidade_exploracao (
  codigo            VARCHAR(4)   NOT NULL PRIMARY KEY,
  descricao         VARCHAR(80)  NOT NULL
);

CREATE TABLE equipe_conjunta_investigacao (
  codigo            VARCHAR(30)  NOT NULL PRIMARY KEY,     -- e.g. 'JIT-BR-PY-2024-01'
  paises            VARCHAR(20)  NOT NULL,                 -- 'BR,PY'
  data_assinatura   DATE         NOT NULL,
  objeto            VARCHAR(200) NOT NULL
);

-- Inquérito / procedimento investigatório (the unit of work at the MPF)
CREATE TABLE inquerito (
  id_inquerito      INTEGER      NOT NULL PRIMARY KEY,
  numero_ipl        VARCHAR(40)  NOT NULL UNIQUE,          -- e.g. 'IPL 2023.0001234-SR/PF/SP'
  id_unidade        INTEGER      NOT NULL REFERENCES unidade_mpf(id_unidade),
  situacao          VARCHAR(4)   NOT NULL REFERENCES situacao_procedimento(codigo),
  data_instauracao  DATE         NOT NULL,
  data_arquivamento DATE,
  ementa            VARCHAR(400),
  sigilo            SMALLINT     NOT NULL DEFAULT 0,
  codigo_eci        VARCHAR(30)  REFERENCES equipe_conjunta_investigacao(codigo)
);
CREATE INDEX ix_inquerito_unidade ON inquerito(id_unidade);
CREATE INDEX ix_inquerito_situacao ON inquerito(situacao);
CREATE INDEX ix_inquerito_data ON inquerito(data_instauracao);
CREATE INDEX ix_inquerito_eci ON inquerito(codigo_eci);

-- Ação penal in court, once the denúncia is received (CNJ number NNNNNNN-DD.AAAA.J.TR.OOOO)
CREATE TABLE processo (
  id_processo       INTEGER      NOT NULL PRIMARY KEY,
  numero_cnj        VARCHAR(25)  NOT NULL UNIQUE,
  id_inquerito      INTEGER      NOT NULL REFERENCES inquerito(id_inquerito),
  orgao_julgador    VARCHAR(120) NOT NULL,
  data_distribuicao DATE         NOT NULL,
  situacao          VARCHAR(4)   NOT NULL REFERENCES situacao_procedimento(codigo)
);
CREATE INDEX ix_processo_inquerito ON processo(id_inquerito);

CREATE TABLE tipificacao (
  id_tipificacao    INTEGER      NOT NULL PRIMARY KEY,
  id_inquerito      INTEGER      NOT NULL REFERENCES inquerito(id_inquerito),
  id_dispositivo    INTEGER      NOT NULL REFERENCES dispositivo_legal(id_dispositivo),
  tentativa         SMALLINT     NOT NULL DEFAULT 0,
  majorante_vitima_menor SMALLINT NOT NULL DEFAULT 0,      -- CP 149-A §1º II
  majorante_funcionario  SMALLINT NOT NULL DEFAULT 0,      -- CP 149-A §1º I
  majorante_organizacao  SMALLINT NOT NULL DEFAULT 0,
  majorante_risco_vida   SMALLINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_tipificacao_inquerito ON tipificacao(id_inquerito);
CREATE INDEX ix_tipificacao_dispositivo ON tipificacao(id_dispositivo);

CREATE TABLE inquerito_finalidade (
  id_inquerito      INTEGER      NOT NULL REFERENCES inquerito(id_inquerito),
  codigo_finalidade VARCHAR(4)   NOT NULL REFERENCES finalidade_exploracao(codigo),
  PRIMARY KEY (id_inquerito, codigo_finalidade)
);

CREATE TABLE pessoa (
  id_pessoa         INTEGER      NOT NULL PRIMARY KEY,
  nome              VARCHAR(200) NOT NULL,                 -- nome completo, as one field
  nome_social       VARCHAR(200),
  nome_mae          VARCHAR(200),
  sexo              CHAR(1)      NOT NULL,                 -- 'M', 'F', 'I' (ignorado)
  data_nascimento   DATE,
  precisao_nascimento CHAR(1)    NOT NULL DEFAULT 'D',     -- 'D' dia, 'M' mês, 'A' ano (date stored as YYYY-01-01), 'N' desconhecida
  nacionalidade     CHAR(2)      NOT NULL,                 -- ISO 3166-1 alpha-2
  nome_pesquisa     VARCHAR(200) NOT NULL                  -- nome upper case without accents
);
CREATE INDEX ix_pessoa_nome_pesquisa ON pessoa(nome_pesquisa);
CREATE INDEX ix_pessoa_nascimento ON pessoa(data_nascimento);

-- Name words (upper case, accents stripped, particles da/de/do/dos/das/e dropped)
CREATE TABLE pessoa_nome_chave (
  chave             VARCHAR(60)  NOT NULL,
  id_pessoa         INTEGER      NOT NULL REFERENCES pessoa(id_pessoa),
  PRIMARY KEY (chave, id_pessoa)
);
CREATE INDEX ix_pessoa_nome_chave_pessoa ON pessoa_nome_chave(id_pessoa);

CREATE TABLE pessoa_apelido (
  id_pessoa         INTEGER      NOT NULL REFERENCES pessoa(id_pessoa),
  apelido           VARCHAR(60)  NOT NULL,
  PRIMARY KEY (id_pessoa, apelido)
);

CREATE TABLE pessoa_documento (
  id_documento      INTEGER      NOT NULL PRIMARY KEY,
  id_pessoa         INTEGER      NOT NULL REFERENCES pessoa(id_pessoa),
  tipo              VARCHAR(6)   NOT NULL REFERENCES tipo_documento(codigo),
  numero            VARCHAR(30)  NOT NULL,                 -- as typed: '123.456.789-09', '12.345.678-9'
  orgao_emissor     VARCHAR(20),                           -- 'SSP/SP', 'RFB', 'PF', 'DNIC' (PY)...
  pais_emissor      CHAR(2)      NOT NULL
);
CREATE INDEX ix_pessoa_documento_pessoa ON pessoa_documento(id_pessoa);
CREATE INDEX ix_pessoa_documento_numero ON pessoa_documento(numero);

CREATE TABLE pessoa_telefone (
  id_telefone       INTEGER      NOT NULL PRIMARY KEY,
  id_pessoa         INTEGER      NOT NULL REFERENCES pessoa(id_pessoa),
  telefone          VARCHAR(30)  NOT NULL,                 -- as typed: '+55 (11) 98765-4321', '(45) 99876-5432'
  imei              VARCHAR(20)
);
CREATE INDEX ix_pessoa_telefone_pessoa ON pessoa_telefone(id_pessoa);
CREATE INDEX ix_pessoa_telefone_numero ON pessoa_telefone(telefone);

CREATE TABLE envolvido (
  id_envolvido      INTEGER      NOT NULL PRIMARY KEY,
  id_inquerito      INTEGER      NOT NULL REFERENCES inquerito(id_inquerito),
  id_pessoa         INTEGER      NOT NULL REFERENCES pessoa(id_pessoa),
  papel             VARCHAR(4)   NOT NULL REFERENCES papel_envolvido(codigo),
  menor             SMALLINT     NOT NULL DEFAULT 0,
  identidade_preservada SMALLINT NOT NULL DEFAULT 0,
  protegido_provita SMALLINT     NOT NULL DEFAULT 0,       -- programa de proteção a testemunhas
  codinome          VARCHAR(20),
  UNIQUE (id_inquerito, id_pessoa, papel)
);
CREATE INDEX ix_envolvido_pessoa ON envolvido(id_pessoa);
CREATE INDEX ix_envolvido_inquerito ON envolvido(id_inquerito);

CREATE TABLE pessoa_juridica (
  id_pj             INTEGER      NOT NULL PRIMARY KEY,
  razao_social      VARCHAR(160) NOT NULL,
  cnpj              VARCHAR(18),
  natureza          VARCHAR(20)  NOT NULL                  -- 'FACHADA', 'AGENCIADORA', 'TRANSPORTADORA', 'EMPREGADORA', 'CASA NOTURNA', 'ORCRIM'
);
CREATE INDEX ix_pessoa_juridica_cnpj ON pessoa_juridica(cnpj);

CREATE TABLE inquerito_pessoa_juridica (
  id_inquerito      INTEGER      NOT NULL REFERENCES inquerito(id_inquerito),
  id_pj             INTEGER      NOT NULL REFERENCES pessoa_juridica(id_pj),
  PRIMARY KEY (id_inquerito, id_pj)
);
CREATE INDEX ix_inquerito_pj_pj ON inquerito_pessoa_juridica(id_pj);
