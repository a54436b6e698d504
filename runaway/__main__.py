from runaway.cli import main

main()
