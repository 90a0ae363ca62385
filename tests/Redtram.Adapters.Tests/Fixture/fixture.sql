-- A small "existing" national database for the host's own tests (country EC, Spanish columns).
CREATE TABLE fiscalia (id INTEGER PRIMARY KEY, nombre TEXT NOT NULL);
CREATE TABLE persona (id INTEGER PRIMARY KEY, nombres TEXT NOT NULL, apellido1 TEXT, apellido2 TEXT, sexo TEXT, fnac TEXT, anio_nac INTEGER,
                      nacionalidad TEXT, alias TEXT, cedula TEXT, celular TEXT, actualizado TEXT);
CREATE TABLE documento (persona_id INTEGER, tipo TEXT, numero TEXT, pais TEXT);
CREATE TABLE causa (id INTEGER PRIMARY KEY, numero TEXT NOT NULL, fiscalia_id INTEGER, estado TEXT, fecha_inicio TEXT, fecha_fin TEXT, reservada INTEGER DEFAULT 0, eci TEXT);
CREATE TABLE causa_delito (causa_id INTEGER, articulo TEXT, grado TEXT, agravantes TEXT, modalidad TEXT);
CREATE TABLE sujeto (causa_id INTEGER, persona_id INTEGER, calidad TEXT, menor INTEGER DEFAULT 0, reservado INTEGER DEFAULT 0, protegido INTEGER DEFAULT 0);
CREATE TABLE empresa (id INTEGER PRIMARY KEY, causa_id INTEGER, razon_social TEXT, ruc TEXT, giro TEXT);
INSERT INTO fiscalia VALUES (1, 'Fiscalía Especializada contra la Trata de Personas, Quito'), (2, 'Fiscalía Provincial de El Oro');
INSERT INTO persona VALUES
 (1, 'José Luis', 'Quispe', 'Mamani', 'M', '1985-03-12', NULL, 'ECU', 'Pepe / El Cholo', '1710034065', '099 123 4567', '2025-01-10'),
 (2, 'María José', 'González', 'de la Cruz', 'F', NULL, 1990, 'COL', NULL, NULL, '+593 98 765 4321', '2025-01-10'),
 (3, 'Luiz Carlos', 'Souza', NULL, 'M', '1979-11-02', NULL, 'BRA', 'Caju', NULL, NULL, '2025-01-11'),
 (4, 'Ximena', 'Chávez', 'Villalobos', 'F', '2006-07-21', NULL, 'PER', NULL, NULL, '0991112223', '2025-01-11'),
 (5, 'Francisco', 'Herrera', 'Bravo', 'M', '1970-01-30', NULL, 'ECU', 'Pancho', '0926687856', NULL, '2025-01-12'),
 (6, 'Ana', 'Quisbert', 'Lima', 'F', '1988-05-05', NULL, 'BOL', NULL, NULL, NULL, '2025-01-12');
INSERT INTO documento VALUES (3, 'PASAPORTE', 'FX123456', 'BRA'), (3, 'CPF', '529.982.247-25', 'BRA'), (4, 'DNI', '45678912', 'PER');
INSERT INTO causa VALUES
 (1, '170101823040123', 1, 'INV', '2023-04-12', NULL, 0, 'JIT-EC-PE-2024-01'),
 (2, '070101824050456', 2, 'ACU', '2024-05-20', NULL, 0, NULL),
 (3, '170101822010789', 1, 'ARC', '2022-01-15', '2023-02-01', 1, NULL);
INSERT INTO causa_delito VALUES (1, 'COIP 91', 'CONSUMADO', 'MENOR;ORG', 'SEXUAL'), (2, 'COIP 213', 'TENTATIVA', NULL, NULL), (3, 'COIP 91', 'CONSUMADO', NULL, 'LABORAL');
INSERT INTO sujeto VALUES (1, 1, 'PROC', 0, 0, 0), (1, 4, 'VICT', 1, 1, 0), (2, 2, 'PROC', 0, 0, 0), (2, 3, 'MIGR', 0, 0, 0), (3, 5, 'PROC', 0, 0, 0), (3, 6, 'TEST', 0, 0, 1), (1, 3, 'TEST', 0, 0, 0);
INSERT INTO empresa VALUES (1, 1, 'Transportes Andinos S.A.', '1790012345001', 'TRANSPORTE'), (2, 2, 'Agencia Sol y Mar', NULL, 'AGENCIA');
