// Region for dev
region = "eu-west-1" // Ireland
/*
 * Sizes
 */
size = 2
