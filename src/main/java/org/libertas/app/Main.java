package org.libertas.app; public class Main { public static void main(String[] a){} }
