/**
 * Configuration: {@code config/quipu.yaml} and {@code QUIPU_*} environment variables, read and validated
 * once into the immutable {@link uk.org.perusupportgroup.quipu.config.QuipuConfig} tree; YAML reading
 * with line numbers for every file the service reads.
 */
package uk.org.perusupportgroup.quipu.config;
